using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.Tariffs.UpsertTariffRate;

/// <summary>Add the rate of a prefix, or replace it. Returns true when the prefix is new.</summary>
public sealed record UpsertTariffRateCommand(Guid TariffId, TariffRateInput Rate) : ICommand<Result<bool>>;

public sealed class UpsertTariffRateValidator : AbstractValidator<UpsertTariffRateCommand>
{
    public UpsertTariffRateValidator() => RuleFor(c => c.Rate).SetValidator(new TariffRateInputValidator());
}

public sealed class UpsertTariffRateHandler(ITariffRepository tariffs, ITariffRatesCache cache, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<UpsertTariffRateCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(UpsertTariffRateCommand c, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(c.TariffId, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        var r = c.Rate;
        var existing = await tariffs.GetRateAsync(tariff.Id, r.Prefix!, ct);
        if (existing is null)
            tariffs.AddRates([TariffRate.Create(tariff.Id, r.Prefix!, r.Description, r.PricePerMinute!.Value, r.ConnectionFee, r.MinimumSeconds, r.IncrementSeconds)]);
        else
            existing.Change(r.Description, r.PricePerMinute!.Value, r.ConnectionFee, r.MinimumSeconds, r.IncrementSeconds);
        tariff.Touch(clock.GetUtcNow());
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return Error.Conflict("The prefix was added meanwhile; retry.");
        }
        cache.Invalidate(tariff.Id);
        return existing is null;
    }
}
