using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Accounts;

/// <summary>A phone number authorised to act for an account. A number belongs to one account at most.</summary>
public sealed class RegisteredPhone
{
    private RegisteredPhone() { Number = ""; }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }

    /// <summary>E.164, for example <c>+48600316058</c>.</summary>
    public string Number { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }

    public static RegisteredPhone Create(Guid accountId, string e164Number, DateTimeOffset now)
    {
        if (!E164.IsValid(e164Number)) throw new DomainException($"'{e164Number}' is not an E.164 number.");
        return new RegisteredPhone { Id = Guid.CreateVersion7(now), AccountId = accountId, Number = e164Number, RegisteredAt = now };
    }
}
