return await SmsCallback.Workers.WorkerHost.RunAsync(args);
