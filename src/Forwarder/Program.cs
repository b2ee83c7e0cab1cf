using var host = SmsCallback.Forwarder.ForwarderHost.Build(args);
await host.RunAsync();
