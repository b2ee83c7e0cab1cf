using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Tariffs.DeleteTariffRate;

/// <summary>Remove a prefix from a tariff: its numbers fall back to the next shorter prefix, or cannot be called.</summary>
public sealed record DeleteTariffRateCommand(Guid TariffId, string Prefix) : ICommand<Result<Unit>>;

public sealed class DeleteTariffRateHandler(ITariffRepository tariffs, ITariffRatesCache cache, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<DeleteTariffRateCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteTariffRateCommand c, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(c.TariffId, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        var rate = await tariffs.GetRateAsync(tariff.Id, c.Prefix, ct);
        if (rate is null) return Error.NotFound("The tariff has no such prefix.");
        tariffs.RemoveRate(rate);
        tariff.Touch(clock.GetUtcNow());
        unitOfWork.OnCommitted(_ => { cache.Invalidate(tariff.Id); return Task.CompletedTask; });
        return Unit.Value;
    }
}
