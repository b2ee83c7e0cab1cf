using FluentValidation;
using Mediator;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ReceiveInboundSms;

/// <summary>Store an SMS a channel delivered, once per (channel, message id), and hand it to processing. The inbox's writer stores it
/// (group commit, <see cref="IInboxWriter"/>) and resolves a repeat, even one arriving at the same moment, to the stored id.</summary>
public sealed record ReceiveInboundSmsCommand(string Channel, string MessageId, string From, string To, string Text, DateTimeOffset? ReceivedAt)
    : ICommand<ReceiveInboundSmsResult>;

/// <param name="Duplicate">true when this message id was already stored: the repeat is acknowledged and ignored.</param>
public sealed record ReceiveInboundSmsResult(Guid Id, bool Duplicate);

public sealed class ReceiveInboundSmsValidator : AbstractValidator<ReceiveInboundSmsCommand>
{
    public ReceiveInboundSmsValidator()
    {
        RuleFor(c => c.Channel).NotEmpty();
        RuleFor(c => c.MessageId).NotEmpty().MaximumLength(InboundSms.MaxIdLength);
        RuleFor(c => c.From).NotEmpty().MaximumLength(InboundSms.MaxAddressLength);
        RuleFor(c => c.To).NotNull().MaximumLength(InboundSms.MaxAddressLength);
        RuleFor(c => c.Text).NotNull().MaximumLength(InboundSms.MaxTextLength);
    }
}

public sealed class ReceiveInboundSmsHandler(InboundSmsReception reception) : ICommandHandler<ReceiveInboundSmsCommand, ReceiveInboundSmsResult>
{
    public async ValueTask<ReceiveInboundSmsResult> Handle(ReceiveInboundSmsCommand command, CancellationToken ct) =>
        await reception.ReceiveAsync(command.Channel, command.MessageId, command.From, command.To, command.Text, command.ReceivedAt, ct);
}

/// <summary>Adds a delivered SMS to the inbox unless its (channel, message id) is stored already; it is handed to processing once committed.
/// A password in the text (<c>P.…</c>) is masked before the SMS is stored; the original is kept encrypted until processing. The inbox
/// has its own writer, which commits many SMS at once (docs/adr/0037-group-committed-inbox.md): when this returns, the SMS is stored.</summary>
public sealed class InboundSmsReception(IInboxWriter inbox, ISmsTextVault vault, TimeProvider clock)
{
    public async Task<ReceiveInboundSmsResult> ReceiveAsync(string channel, string messageId, string from, string to, string text,
        DateTimeOffset? receivedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (shielded, protectedText) = SmsPasswordShield.Shield(text, vault);
        var sms = InboundSms.Receive(channel, messageId, from.Trim(), to.Trim(), shielded, (receivedAt ?? now).ToUniversalTime(), now, protectedText);
        return await inbox.StoreAsync(sms, ct);
    }
}
