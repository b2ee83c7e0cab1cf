using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.Tariffs.CreateTariff;

/// <summary>A new tariff with its first rates (more come through the rate endpoints or a CSV import).</summary>
public sealed record CreateTariffCommand(string Name, string Currency, IReadOnlyList<TariffRateInput> Rates) : ICommand<Result<Guid>>;

public sealed class CreateTariffValidator : AbstractValidator<CreateTariffCommand>
{
    public CreateTariffValidator()
    {
        RuleFor(c => c.Name).MustBeTariffName();
        RuleFor(c => c.Currency).MustBeCurrency();
        RuleFor(c => c.Rates).NotNull().Must(r => r is null || r.Count <= TariffRules.MaxRatesPerRequest)
            .WithMessage($"At most {TariffRules.MaxRatesPerRequest} rates per request; import larger tariffs as CSV.");
        RuleForEach(c => c.Rates).SetValidator(new TariffRateInputValidator());
        RuleFor(c => c.Rates).Must(r => r.Select(x => x.Prefix).Distinct().Count() == r.Count).When(c => c.Rates is not null)
            .WithMessage("Each prefix appears once.");
    }
}

public sealed class CreateTariffHandler(ITariffRepository tariffs, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<CreateTariffCommand, Result<Guid>>
{
    public async ValueTask<Result<Guid>> Handle(CreateTariffCommand c, CancellationToken ct)
    {
        var tariff = Tariff.Create(c.Name, c.Currency, clock.GetUtcNow());
        tariffs.Add(tariff);
        tariffs.AddRates(c.Rates.Select(r =>
            TariffRate.Create(tariff.Id, r.Prefix!, r.Description, r.PricePerMinute!.Value, r.ConnectionFee, r.MinimumSeconds, r.IncrementSeconds)));
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return Error.Conflict("A tariff with this name exists.");
        }
        return tariff.Id;
    }
}
