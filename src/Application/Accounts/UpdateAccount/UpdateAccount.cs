using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.UpdateAccount;

/// <summary>An admin changes an account's tariff, credit limit, services and maximum of concurrent callbacks.</summary>
public sealed record UpdateAccountCommand(Guid AccountId, Guid? TariffId, decimal CreditLimit, AccountServices Services, int MaxConcurrentCallbacks)
    : ICommand<Result<Unit>>;

public sealed class UpdateAccountValidator : AbstractValidator<UpdateAccountCommand>
{
    public UpdateAccountValidator()
    {
        RuleFor(c => c.CreditLimit).InclusiveBetween(0, 1_000_000);
        RuleFor(c => c.MaxConcurrentCallbacks).InclusiveBetween(0, 1000);
        RuleFor(c => c.Services).Must(s => (s & ~AccountServices.All) == 0).WithMessage("Unknown service.");
    }
}

public sealed class UpdateAccountHandler(IAccountRepository accounts, IUnitOfWork unitOfWork) : ICommandHandler<UpdateAccountCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(UpdateAccountCommand c, CancellationToken ct)
    {
        var account = await accounts.GetAsync(c.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        account.ChangeSettings(c.TariffId, c.CreditLimit, c.Services, c.MaxConcurrentCallbacks);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (ConcurrencyConflictException)
        {
            return Error.Conflict("The account changed meanwhile; read it again and retry.");
        }
        return Unit.Value;
    }
}
