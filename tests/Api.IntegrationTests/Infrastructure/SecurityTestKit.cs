using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Api.IntegrationTests.Infrastructure;

/// <summary>The test server sends every request from no address at all. This lets a test say where a request comes from
/// (header <see cref="Header"/>), as a real connection would; without the header the address stays null.</summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
                http.Connection.RemoteIpAddress = address;
            return nextMiddleware(http);
        });
        next(app);
    };

    public static HttpClient From(SmsCallbackApp app, string address)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }
}

/// <summary>The product's password hasher, counting how many passwords it checked.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher inner) : IPasswordHasher
{
    private int _verified;

    public int Verified => Volatile.Read(ref _verified);

    public string Hash(string password) => inner.Hash(password);

    public PasswordCheck Verify(string hash, string password)
    {
        Interlocked.Increment(ref _verified);
        return inner.Verify(hash, password);
    }

    /// <summary>Replaces the registered hasher with a counting product hasher; the returned instance counts for the whole app.</summary>
    public static CountingPasswordHasher Register(IServiceCollection services)
    {
        var counting = new CountingPasswordHasher(new SmsCallback.Infrastructure.Security.IdentityPasswordHasher());
        var existing = services.Where(d => d.ServiceType == typeof(IPasswordHasher)).ToList();
        foreach (var d in existing) services.Remove(d);
        services.AddSingleton<IPasswordHasher>(counting);
        return counting;
    }
}

/// <summary>Keeps every log entry the app writes.</summary>
public sealed class LogCollector : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception,
                state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}
