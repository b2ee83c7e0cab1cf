using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.ProcessInboundSms;

namespace SmsCallback.Application;

public static class DependencyInjection
{
    /// <summary>Use cases, their validators and pipeline. Options are bound by the host.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(UnitOfWorkBehaviour<,>)];
        });
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddSingleton(sp => new PhoneNumberNormalizer(sp.GetRequiredService<IOptions<SmsOptions>>().Value.DefaultRegion));
        services.AddScoped<SmsCommandExecutor>();
        services.AddSingleton<Sms.ReceiveInboundSms.InboundSmsReception>(); // stateless: the inbox writer, the vault, the clock
        services.AddScoped<SmsAuthorizer>();
        services.AddScoped<Callbacks.CallbackRateLimiter>();
        services.AddScoped<Billing.CreditControl>();
        services.AddScoped<Callbacks.Admission.CallbackAdmission>();
        services.AddScoped<Callbacks.DispatchCallback.CallbackDispatch>();
        services.AddScoped<Sms.SendOutboundSms.OutboundSmsAttempt>();
        services.AddSingleton<Callbacks.NotifyCallbackFailure.FailureNotice>();
        services.AddOptions<Callbacks.CallbackPolicyOptions>();
        services.AddSingleton<Ivr.IvrEngine.IvrEngine>();
        services.AddScoped<Accounts.Lockout.LoginGuard>();
        services.AddScoped<Accounts.RegisterPhone.PhoneRegistrar>();
        services.AddScoped<Accounts.Lockout.SignInAttempts>();
        services.AddScoped<Lots.GenerateLot.LotBatchBuilder>();
        services.AddOptions<Lots.LotsOptions>();
        services.AddOptions<Notices.NoticesOptions>();
        services.AddOptions<Accounts.AccountsOptions>();
        services.AddOptions<AntiAbuseOptions>();
        services.AddOptions<Billing.BillingOptions>();
        services.AddOptions<SmsOptions>();
        services.AddOptions<Common.Localization.LocalizationOptions>();
        services.AddSingleton(sp => Sms.Texts.ReplyCatalog.Load(sp.GetRequiredService<IOptions<Common.Localization.LocalizationOptions>>().Value.Folder));
        services.AddSingleton<Sms.Texts.IReplyTexts>(sp => new Sms.Texts.ReplyTexts(sp.GetRequiredService<Sms.Texts.ReplyCatalog>(),
            sp.GetService<Sms.Texts.IReplyTemplateOverrides>() ?? Sms.Texts.ReplyTexts.NoTemplates,
            sp.GetRequiredService<IOptions<Common.Localization.LocalizationOptions>>().Value.DefaultLanguage.ToLowerInvariant()));
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
