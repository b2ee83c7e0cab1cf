namespace SmsCallback.Application.Accounts;

/// <summary>Limits on what one account may hold, and the one-time codes that prove a number is the customer's (issue 12).</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>Registered phones per account, however they are added (customer, operator, R. by SMS).</summary>
    public int MaxPhones { get; set; } = 10;

    /// <summary>Phonebook entries per account.</summary>
    public int MaxPhonebookEntries { get; set; } = 200;

    /// <summary>How long a code sent to a number stays valid.</summary>
    public TimeSpan PhoneCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times one code may be tried before a new one is needed.</summary>
    public int PhoneCodeAttempts { get; set; } = 5;

    /// <summary>Codes sent to one number in <see cref="PhoneCodeWindow"/>, whichever accounts asked (a victim is not flooded).</summary>
    public int PhoneCodesPerNumber { get; set; } = 3;

    /// <summary>Codes one account may have sent in <see cref="PhoneCodeWindow"/>, to any numbers (SMS cost per account).</summary>
    public int PhoneCodesPerAccount { get; set; } = 10;

    public TimeSpan PhoneCodeWindow { get; set; } = TimeSpan.FromHours(24);

    public bool IsValid() =>
        MaxPhones >= 1 && MaxPhonebookEntries >= 1 && PhoneCodeLifetime > TimeSpan.Zero && PhoneCodeAttempts >= 1
        && PhoneCodesPerNumber >= 1 && PhoneCodesPerAccount >= 1 && PhoneCodeWindow >= PhoneCodeLifetime;
}
