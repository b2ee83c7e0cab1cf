using Mediator;
using SmsCallback.Application.Callbacks.GetCallbacks;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Callbacks.GetCallback;

/// <summary>One callback with its legs. With <paramref name="AccountId"/>, only that account's (another's is "not found").</summary>
public sealed record GetCallbackQuery(Guid CallbackId, Guid? AccountId) : IQuery<Result<CallbackDto>>;

public sealed class GetCallbackHandler(ICallbackRepository callbacks) : IQueryHandler<GetCallbackQuery, Result<CallbackDto>>
{
    public async ValueTask<Result<CallbackDto>> Handle(GetCallbackQuery query, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(query.CallbackId, ct);
        if (callback is null || (query.AccountId is { } owner && callback.AccountId != owner)) return Error.NotFound("No such callback.");
        return CallbackDto.From(callback);
    }
}
