using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Switching.Asterisk;

/// <summary>A channel to originate into our Stasis application.</summary>
public sealed record AriOriginate(string ChannelId, string Endpoint, string Application, string AppArgs, string? CallerId, int TimeoutSeconds);

/// <summary>The ARI REST calls we make. A typed <see cref="HttpClient"/> (base address, Basic auth and the resilience pipeline are set where it
/// is registered). Every id is one we chose, so a retried request cannot create a second channel or bridge. Failures surface as
/// <see cref="SwitchUnavailableException"/>; deleting what is already gone (404) is not a failure.</summary>
public sealed partial class AriClient(HttpClient http, ILogger<AriClient> logger)
{
    public Task OriginateAsync(AriOriginate o, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "channels", ct,
            ("endpoint", o.Endpoint), ("app", o.Application), ("appArgs", o.AppArgs), ("callerId", o.CallerId),
            ("timeout", o.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("channelId", o.ChannelId));

    /// <summary>A mixing bridge that reports DTMF of the channels in it (without <c>dtmf_events</c> keys pressed in a bridge may go unreported).</summary>
    public Task CreateBridgeAsync(string bridgeId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "bridges", ct, ("type", "mixing,dtmf_events"), ("bridgeId", bridgeId));

    public Task AddChannelAsync(string bridgeId, string channelId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"bridges/{Uri.EscapeDataString(bridgeId)}/addChannel", ct, ("channel", channelId));

    public Task DestroyBridgeAsync(string bridgeId, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"bridges/{Uri.EscapeDataString(bridgeId)}", ct);

    /// <param name="reason">ARI's hang-up reason: <c>normal</c> (cause 16), <c>rejected</c> (21), <c>busy</c> (17)…</param>
    public Task HangupAsync(string channelId, string reason, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"channels/{Uri.EscapeDataString(channelId)}", ct, ("reason", reason));

    /// <param name="media"><c>sound:name</c>, <c>digits:123</c>, <c>number:12</c>…</param>
    /// <param name="language">ARI's <c>lang</c>: the sounds of that language (<c>&lt;sounds&gt;/&lt;lang&gt;/…</c>, falling back to the plain folder).</param>
    public Task PlayAsync(string channelId, string media, string playbackId, string? language, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"channels/{Uri.EscapeDataString(channelId)}/play", ct, ("media", media), ("lang", language),
            ("playbackId", playbackId));

    /// <summary>The ids of the channels Asterisk has now (after a reconnect: which of ours ended while we were away).</summary>
    public async Task<IReadOnlySet<string>> ListChannelIdsAsync(CancellationToken ct)
    {
        try
        {
            var channels = await http.GetFromJsonAsync<List<AriChannel>>("channels", AriEvent.Json, ct) ?? [];
            return channels.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or Polly.ExecutionRejectedException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogUnreachable(ex, "GET", "channels");
            throw new SwitchUnavailableException("Asterisk could not list its channels.", ex);
        }
    }

    private async Task SendAsync(HttpMethod method, string path, CancellationToken ct, params (string Name, string? Value)[] query)
    {
        using var request = new HttpRequestMessage(method, path + Query(query));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException // time-out or open circuit
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogUnreachable(ex, method.Method, path);
            throw new SwitchUnavailableException($"Asterisk could not be reached ({method} {path}).", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            if (response.StatusCode == HttpStatusCode.NotFound && method == HttpMethod.Delete) return; // already gone
            var body = await response.Content.ReadAsStringAsync(ct);
            if (body.Length > 300) body = body[..300];
            LogRefused(method.Method, path, (int)response.StatusCode, body);
            throw new SwitchUnavailableException($"Asterisk refused {method} {path}: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>Query values are escaped except for the characters ARI values are made of (<c>, : / @</c>), which are legal in a query.
    /// '+' is always escaped: a form decoder would read it as a space.</summary>
    private static string Query((string Name, string? Value)[] query)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in query)
        {
            if (value is null) continue;
            text.Append(text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value)
                .Replace("%2C", ",", StringComparison.Ordinal).Replace("%3A", ":", StringComparison.Ordinal)
                .Replace("%2F", "/", StringComparison.Ordinal).Replace("%40", "@", StringComparison.Ordinal));
        }
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asterisk ARI {Method} {Path} failed")]
    private partial void LogUnreachable(Exception ex, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asterisk ARI {Method} {Path} answered {Status}: {Body}")]
    private partial void LogRefused(string method, string path, int status, string body);
}
