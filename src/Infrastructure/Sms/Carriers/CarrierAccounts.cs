using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.AccessNumbers.CreateAccessNumber;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Secrets at rest through ASP.NET Core Data Protection (keys in the data directory, shared by every instance).</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("SmsCallback.AccessNumbers.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}

/// <summary>Looks access numbers up for webhooks and outbound adapters, decrypting their secrets. Singleton; one scope per lookup.</summary>
internal sealed class CarrierAccounts(IServiceScopeFactory scopes, ISecretProtector protector) : ICarrierAccounts
{
    public async Task<CarrierAccount?> FindByNumberAsync(string channel, string number, CancellationToken ct)
    {
        var key = AccessNumber.KeyOf(number);
        if (key.Length == 0) return null;
        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<IAccessNumberRepository>().FindByNumberAsync(channel, key, ct);
        return found is null ? null : Open(found);
    }

    public async Task<CarrierAccount?> FindBySecretAsync(string channel, string secret, string? number, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret)) return null;
        await using var scope = scopes.CreateAsyncScope();
        var candidates = await scope.ServiceProvider.GetRequiredService<IAccessNumberRepository>()
            .FindBySecretHashAsync(channel, CreateAccessNumberHandler.HashSecret(secret), ct);
        var key = AccessNumber.KeyOf(number);
        var found = candidates.FirstOrDefault(c => c.NumberKey == key) ?? candidates.FirstOrDefault();
        return found is null ? null : Open(found);
    }

    private CarrierAccount Open(AccessNumber n) => new(n.Id, n.Number, n.Channel,
        JsonSerializer.Deserialize<Dictionary<string, string>>(n.SettingsJson) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(n.ProtectedSecrets)) ?? []);
}
