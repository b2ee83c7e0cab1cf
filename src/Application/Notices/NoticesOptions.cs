using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Notices;

public sealed class NoticesOptions
{
    public const string Section = "Notices";

    /// <summary>Active accounts whose balance is below this get one notice SMS a day; unset turns the notice off.</summary>
    public decimal? LowBalanceThreshold { get; set; }

    /// <summary>The SMS channel notices leave through (a carrier's name; <c>generic</c> goes to the log sender).</summary>
    public string Channel { get; set; } = SmsChannels.Generic;
}
