using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Sms;
using SmsCallback.Infrastructure.Sms.Carriers;

namespace SmsCallback.Infrastructure.IntegrationTests.Sms;

/// <summary>Each carrier is one plug-in: registered once, it brings its webhook, its registration checks and its way out, under a channel
/// name from <see cref="SmsChannels"/>.</summary>
public sealed class CarrierPluginTests
{
    private static ServiceProvider Services() => new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
        .AddSingleton<ICarrierAccounts, NoAccounts>().AddCarriers(new ConfigurationBuilder().Build()).BuildServiceProvider();

    [Fact]
    public void Every_carrier_has_a_known_channel_and_a_sender_of_its_own()
    {
        using var services = Services();
        var carriers = services.GetServices<ICarrier>().Select(c => c.Channel).ToList();
        var senders = services.GetServices<IChannelSmsSender>().Select(s => s.Channel).ToList();

        Assert.Equal([SmsChannels.Twilio, SmsChannels.Vonage, SmsChannels.Plivo, SmsChannels.Kannel], carriers);
        Assert.Equal(carriers, senders);
        Assert.All(carriers, c => Assert.Contains(c, SmsChannels.All));
    }

    [Fact]
    public void A_registration_without_the_carriers_settings_names_the_object_to_send()
    {
        using var services = Services();

        foreach (var carrier in services.GetServices<ICarrier>())
        {
            var problems = carrier.Check(new CarrierRegistration("a-secret-of-sixteen-chars", null), allowLoopback: false).ToList();
            Assert.Contains(problems, p => p.Message.Contains($"\"{carrier.Channel}\"", StringComparison.Ordinal));
        }
    }

    private sealed class NoAccounts : ICarrierAccounts
    {
        public Task<CarrierAccount?> FindByNumberAsync(string channel, string number, CancellationToken ct) => Task.FromResult<CarrierAccount?>(null);

        public Task<CarrierAccount?> FindBySecretAsync(string channel, string secret, string? number, CancellationToken ct) =>
            Task.FromResult<CarrierAccount?>(null);
    }
}
