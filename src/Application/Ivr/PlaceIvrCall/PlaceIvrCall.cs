using Mediator;
using SmsCallback.Application.Callbacks;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Application.Ivr.PlaceIvrCall;

public enum IvrCallOutcome { Placed, InvalidNumber, Refused }

/// <summary>The customer dialled a new number at the IVR prompt: check it like any callback and bridge it onto the live leg A.</summary>
public sealed record PlaceIvrCallCommand(Guid CallbackId, string Typed) : ICommand<IvrCallOutcome>;

public sealed class PlaceIvrCallHandler(
    ICallbackRepository callbacks, IAccountRepository accounts, CallbackRateLimiter rateLimiter, PhoneNumberNormalizer phones, ISwitch phoneSwitch)
    : ICommandHandler<PlaceIvrCallCommand, IvrCallOutcome>
{
    public async ValueTask<IvrCallOutcome> Handle(PlaceIvrCallCommand command, CancellationToken ct)
    {
        if (!phones.TryNormalize(command.Typed, out var destination)) return IvrCallOutcome.InvalidNumber;
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        if (callback is not { IsSourceUp: true }) return IvrCallOutcome.Refused;
        var account = await accounts.GetAsync(callback.AccountId, ct);
        if (account is not { IsActive: true } || !await rateLimiter.AllowsAsync(account.Id, null, ct)) return IvrCallOutcome.Refused;

        await phoneSwitch.BridgeNewLegAsync(callback.Id, destination, null, ct);
        return IvrCallOutcome.Placed;
    }
}
