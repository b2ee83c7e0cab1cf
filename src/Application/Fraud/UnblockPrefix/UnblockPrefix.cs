using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Fraud.UnblockPrefix;

/// <summary>Allow calls to a prefix again.</summary>
public sealed record UnblockPrefixCommand(string Prefix) : ICommand<Result<bool>>;

public sealed class UnblockPrefixHandler(IBlockedPrefixRepository blocked) : ICommandHandler<UnblockPrefixCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(UnblockPrefixCommand command, CancellationToken ct)
    {
        var prefix = await blocked.GetAsync(command.Prefix, ct);
        if (prefix is null) return Error.NotFound($"The prefix {command.Prefix} is not blocked.");
        blocked.Remove(prefix);
        return true;
    }
}
