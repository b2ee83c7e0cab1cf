using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ReceiveInboundSms;

/// <summary>Store an SMS a channel delivered, once per (channel, message id), and hand it to processing. When the same message arrives
/// twice at once, the request that loses the save runs again and finds it stored.</summary>
public sealed record ReceiveInboundSmsCommand(string Channel, string MessageId, string From, string To, string Text, DateTimeOffset? ReceivedAt)
    : ICommand<ReceiveInboundSmsResult>, Common.Behaviours.IRetryOnConflict;

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

/// <summary>Adds a delivered SMS to the inbox unless its (channel, message id) is stored already, and hands it to processing once committed.
/// A password in the text (<c>P.…</c>) is masked before the SMS is stored; the original is kept encrypted until processing. Only changes
/// state: the command's unit of work saves.</summary>
public sealed class InboundSmsReception(IInboundSmsRepository inbox, IUnitOfWork unitOfWork, IInboundSmsQueue queue, ISmsTextVault vault,
    TimeProvider clock)
{
    public async Task<ReceiveInboundSmsResult> ReceiveAsync(string channel, string messageId, string from, string to, string text,
        DateTimeOffset? receivedAt, CancellationToken ct)
    {
        var existing = await inbox.FindAsync(channel, messageId, ct);
        if (existing is not null) return new(existing.Id, Duplicate: true);

        var now = clock.GetUtcNow();
        var (shielded, protectedText) = SmsPasswordShield.Shield(text, vault);
        var sms = InboundSms.Receive(channel, messageId, from.Trim(), to.Trim(), shielded, (receivedAt ?? now).ToUniversalTime(), now, protectedText);
        inbox.Add(sms);
        unitOfWork.OnCommitted(_ => { queue.Enqueue(sms.Id); return Task.CompletedTask; });
        return new(sms.Id, Duplicate: false);
    }
}
