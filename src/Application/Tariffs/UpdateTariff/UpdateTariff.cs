using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Tariffs.UpdateTariff;

/// <summary>Rename a tariff or change its currency; the currency stays while any account is rated on the tariff (currencies are kept apart).</summary>
public sealed record UpdateTariffCommand(Guid Id, string Name, string Currency) : ICommand<Result<Unit>>;

public sealed class UpdateTariffValidator : AbstractValidator<UpdateTariffCommand>
{
    public UpdateTariffValidator()
    {
        RuleFor(c => c.Name).MustBeTariffName();
        RuleFor(c => c.Currency).MustBeCurrency();
    }
}

public sealed class UpdateTariffHandler(ITariffRepository tariffs, ITariffRatesCache cache, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<UpdateTariffCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(UpdateTariffCommand c, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(c.Id, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        if (c.Currency != tariff.Currency && await tariffs.CountAccountsAsync(tariff.Id, tariff.IsDefault, ct) is > 0 and var used)
            return Error.Conflict($"{used} account(s) are rated on this tariff in {tariff.Currency}; currencies are kept apart, so the currency stays.");
        tariff.Change(c.Name, c.Currency, clock.GetUtcNow());
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return Error.Conflict("A tariff with this name exists.");
        }
        cache.Invalidate(tariff.Id);
        return Unit.Value;
    }
}
