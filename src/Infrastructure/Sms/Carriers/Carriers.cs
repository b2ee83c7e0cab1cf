using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.AccessNumbers;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>The carriers, one folder each (<c>Twilio/</c>, <c>Vonage/</c>, <c>Plivo/</c>, <c>Kannel/</c>): its settings and their checks, its
/// webhook's verification and its outbound sender. A new carrier is a new folder, its name in <c>SmsChannels</c> and one line here;
/// its webhook route <c>/api/sms/inbound/{channel}</c> and its registration (<c>"channel": {settings}</c>) follow (docs/adr/0031).</summary>
public static class Carriers
{
    public static IServiceCollection AddCarriers(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CarrierHttpOptions.Section).Get<CarrierHttpOptions>() ?? new CarrierHttpOptions();
        var urls = configuration.GetSection(CarrierUrlOptions.Section).Get<CarrierUrlOptions>() ?? new CarrierUrlOptions();
        services.AddOptions<CarrierUrlOptions>().Bind(configuration.GetSection(CarrierUrlOptions.Section));
        CarrierHttp.AddCarrier<TwilioCarrier, TwilioSmsSender>(services, options, urls);
        CarrierHttp.AddCarrier<VonageCarrier, VonageSmsSender>(services, options, urls);
        CarrierHttp.AddCarrier<PlivoCarrier, PlivoSmsSender>(services, options, urls);
        CarrierHttp.AddCarrier<KannelCarrier, KannelSmsSender>(services, options, urls);
        services.AddSingleton(sp => new DeliveryReportUrls(configuration, sp.GetService<Security.InstanceSecrets>));
        services.AddSingleton<ICarrierDeliveryReports, TwilioDeliveryReports>();
        services.AddSingleton<ICarrierDeliveryReports, VonageDeliveryReports>();
        services.AddSingleton<ICarrierDeliveryReports, PlivoDeliveryReports>();
        services.AddSingleton<ICarrierDeliveryReports, KannelDeliveryReports>();
        return services;
    }
}
