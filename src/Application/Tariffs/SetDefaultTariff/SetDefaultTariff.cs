using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Tariffs.SetDefaultTariff;

/// <summary>Make a tariff the installation's default: it rates every account without a tariff of its own.</summary>
public sealed record SetDefaultTariffCommand(Guid Id) : ICommand<Result<Unit>>;

public sealed class SetDefaultTariffHandler(ITariffRepository tariffs, ITariffRatesCache cache, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<SetDefaultTariffCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(SetDefaultTariffCommand c, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(c.Id, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        if (tariff.IsDefault) return Unit.Value;
        if (await tariffs.CountUnassignedAccountsNotInAsync(tariff.Currency, ct) is > 0 and var others)
            return Error.Conflict($"{others} account(s) without a tariff keep another currency than {tariff.Currency}; currencies are kept apart, " +
                "so assign them a tariff first.");
        var now = clock.GetUtcNow();
        var previous = await tariffs.GetDefaultAsync(ct);
        previous?.MarkDefault(false, now);
        tariff.MarkDefault(true, now); // both rows are saved, or neither; their versions guard against a concurrent change
        unitOfWork.OnCommitted(_ =>
        {
            if (previous is not null) cache.Invalidate(previous.Id);
            cache.Invalidate(tariff.Id);
            return Task.CompletedTask;
        });
        return Unit.Value;
    }
}
