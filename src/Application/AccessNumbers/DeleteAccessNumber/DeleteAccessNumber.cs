using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.AccessNumbers.DeleteAccessNumber;

/// <summary>Forget an access number: its webhooks are refused from now on and replies can no longer leave through it.</summary>
public sealed record DeleteAccessNumberCommand(Guid Id) : ICommand<Result<bool>>;

public sealed class DeleteAccessNumberHandler(IAccessNumberRepository numbers)
    : ICommandHandler<DeleteAccessNumberCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(DeleteAccessNumberCommand command, CancellationToken ct)
    {
        var number = await numbers.GetAsync(command.Id, ct);
        if (number is null) return Error.NotFound("No such access number.");
        numbers.Remove(number);
        return true;
    }
}
