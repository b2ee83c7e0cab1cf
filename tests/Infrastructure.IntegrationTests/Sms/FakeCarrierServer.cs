using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmsCallback.Infrastructure.IntegrationTests.Sms;

/// <summary>A carrier's API on 127.0.0.1 (HttpListener): records every request and answers with what the test scripts, attempt by attempt.</summary>
public sealed class FakeCarrierServer : IDisposable
{
    public sealed record Received(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body);

    private readonly HttpListener _listener = new();
    private readonly Func<int, Received, Task<(int Status, string Body)>> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Received> _requests = [];

    public FakeCarrierServer(Func<int, Received, Task<(int Status, string Body)>> answer)
    {
        _answer = answer;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public FakeCarrierServer(int status, string body) : this((_, _) => Task.FromResult((status, body))) { }

    public string BaseUrl { get; }

    public IReadOnlyList<Received> Requests { get { lock (_requests) return [.. _requests]; } }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var received = new Received(request.HttpMethod, request.RawUrl ?? "", request.Headers["Authorization"], request.ContentType,
            await reader.ReadToEndAsync());
        int attempt;
        lock (_requests)
        {
            _requests.Add(received);
            attempt = _requests.Count;
        }
        try
        {
            var (status, body) = await _answer(attempt, received);
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/plain";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception)
        {
            // the client gave up (a simulated timeout): nothing to answer
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
