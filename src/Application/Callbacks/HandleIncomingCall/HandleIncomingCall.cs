using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.HandleIncomingCall;

/// <summary>ANI callback (docs/product.md §7): a call to an access number is never answered, so the caller pays nothing. When it comes from a
/// phone registered to an active account with ANI callback enabled, the platform rings that phone back straight into the IVR prompt.
/// Everyone else is only rejected. Another callback may take the account's credit first: then the caller is checked again against the
/// fresh balance.</summary>
public sealed record HandleIncomingCallCommand(string SwitchCallId, string From, string? CalledNumber) : ICommand, IRetryOnConflict;

public sealed partial class HandleIncomingCallHandler(
    IRegisteredPhoneRepository phones, IAccountRepository accounts, IIvrSettingsRepository ivrSettings, CallbackAdmission admission,
    PhoneNumberNormalizer normalizer, ISwitch phoneSwitch, IUnitOfWork unitOfWork, ILogger<HandleIncomingCallHandler> logger,
    AccessNumbers.IAccessNumberRepository accessNumbers)
    : ICommandHandler<HandleIncomingCallCommand>
{
    public async ValueTask<Unit> Handle(HandleIncomingCallCommand command, CancellationToken ct)
    {
        // the call is rejected first (the caller pays nothing); the ring-back, if any, is dispatched after the commit
        unitOfWork.OnCommitted(token => phoneSwitch.RejectIncomingAsync(command.SwitchCallId, token));
        await CallBackAsync(command, ct);
        return Unit.Value;
    }

    private async Task CallBackAsync(HandleIncomingCallCommand command, CancellationToken ct)
    {
        // ANI's own part: who is calling, and whether this switch can run the IVR prompt the caller is rung back into.
        var phone = normalizer.TryNormalize(command.From, out var caller) ? await phones.FindByNumberAsync(caller, ct) : null;
        var account = phone is null ? null : await accounts.GetAsync(phone.AccountId, ct);
        if (account is null || !phoneSwitch.Capabilities.CanControlLegs || !(await ivrSettings.GetAsync(ct)).Enabled)
        {
            LogRejected(command.CalledNumber);
            return;
        }

        var calledKey = Domain.Sms.AccessNumber.KeyOf(command.CalledNumber);
        var called = calledKey.Length == 0 ? null : (await accessNumbers.ListAsync(ct)).FirstOrDefault(n => n.NumberKey == calledKey);
        var admitted = await admission.AdmitAsync(account, new(CallbackOrigin.Ani, caller, null, RequestedBy: caller, AccessNumber: called), ct);
        if (admitted.Refusal is { } refusal)
        {
            LogRefused(command.CalledNumber, refusal.Reason, refusal.Leg);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Incoming call to {CalledNumber} from a customer not called back: {Refusal} (leg {Leg})")]
    private partial void LogRefused(string? calledNumber, RefusalReason refusal, LegKind? leg);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incoming call to {CalledNumber} rejected without a callback")]
    private partial void LogRejected(string? calledNumber);
}
