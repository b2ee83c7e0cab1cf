using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Ivr.GetIvrSettings;
using SmsCallback.Domain.Ivr;

namespace SmsCallback.Application.Ivr.UpdateIvrSettings;

public sealed record UpdateIvrSettingsCommand(bool Enabled, string EndLegCode, string BalanceCode, int DigitTimeoutMs, int MaxAttempts,
    bool AnnounceMaxTime, string Language) : ICommand<IvrSettingsDto>;

public sealed class UpdateIvrSettingsValidator : AbstractValidator<UpdateIvrSettingsCommand>
{
    public UpdateIvrSettingsValidator()
    {
        RuleFor(c => c.EndLegCode).Must(IvrSettings.IsValidCode).WithMessage("1 to 8 keys of 0-9, * and #.");
        RuleFor(c => c.BalanceCode).Must(IvrSettings.IsValidCode).WithMessage("1 to 8 keys of 0-9, * and #.")
            .NotEqual(c => c.EndLegCode).WithMessage("The balance code must differ from the end-leg code.");
        RuleFor(c => c.DigitTimeoutMs).InclusiveBetween(1000, 60_000);
        RuleFor(c => c.MaxAttempts).InclusiveBetween(1, 10);
        RuleFor(c => c.Language).NotEmpty().MaximumLength(8).Matches("^[a-zA-Z_-]+$");
    }
}

public sealed class UpdateIvrSettingsHandler(IIvrSettingsRepository settings) : ICommandHandler<UpdateIvrSettingsCommand, IvrSettingsDto>
{
    public async ValueTask<IvrSettingsDto> Handle(UpdateIvrSettingsCommand c, CancellationToken ct)
    {
        var current = await settings.GetForUpdateAsync(ct);
        current.Update(c.Enabled, c.EndLegCode, c.BalanceCode, c.DigitTimeoutMs, c.MaxAttempts, c.AnnounceMaxTime, c.Language);
        return IvrSettingsDto.From(current);
    }
}
