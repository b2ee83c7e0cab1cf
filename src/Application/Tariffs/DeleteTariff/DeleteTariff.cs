using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Tariffs.DeleteTariff;

/// <summary>Delete a tariff with its rates, only while no account is rated on it and it is not the default.</summary>
public sealed record DeleteTariffCommand(Guid Id) : ICommand<Result<Unit>>;

public sealed class DeleteTariffHandler(ITariffRepository tariffs, ITariffRatesCache cache, IUnitOfWork unitOfWork)
    : ICommandHandler<DeleteTariffCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteTariffCommand c, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(c.Id, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        if (tariff.IsDefault) return Error.Conflict("The default tariff cannot be deleted; make another tariff the default first.");
        if (await tariffs.CountAccountsAsync(tariff.Id, includeUnassigned: false, ct) is > 0 and var used)
            return Error.Conflict($"{used} account(s) are rated on this tariff; assign them another one first.");
        tariffs.Remove(tariff); // the rates go with it (cascade in the database)
        unitOfWork.OnCommitted(_ => { cache.Invalidate(tariff.Id); return Task.CompletedTask; });
        return Unit.Value;
    }
}
