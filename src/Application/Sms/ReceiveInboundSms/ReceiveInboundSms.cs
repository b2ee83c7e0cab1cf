using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ReceiveInboundSms;

/// <summary>Store an SMS a channel delivered, once per (channel, message id), and hand it to processing.</summary>
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

/// <remarks>A password in the text (<c>P.…</c>) is masked before the SMS is stored; the original is kept encrypted until processing.</remarks>
public sealed class ReceiveInboundSmsHandler(IInboundSmsRepository inbox, IUnitOfWork unitOfWork, IInboundSmsQueue queue, ISmsTextVault vault,
    TimeProvider clock)
    : ICommandHandler<ReceiveInboundSmsCommand, ReceiveInboundSmsResult>
{
    public async ValueTask<ReceiveInboundSmsResult> Handle(ReceiveInboundSmsCommand command, CancellationToken ct)
    {
        var existing = await inbox.FindAsync(command.Channel, command.MessageId, ct);
        if (existing is not null) return new(existing.Id, Duplicate: true);

        var now = clock.GetUtcNow();
        var (text, protectedText) = SmsPasswordShield.Shield(command.Text, vault);
        var sms = InboundSms.Receive(command.Channel, command.MessageId, command.From.Trim(), command.To.Trim(), text,
            (command.ReceivedAt ?? now).ToUniversalTime(), now, protectedText);
        inbox.Add(sms);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            // The same message arrived twice at once; the other request stored it.
            var stored = await inbox.FindAsync(command.Channel, command.MessageId, ct);
            return new(stored?.Id ?? sms.Id, Duplicate: true);
        }
        queue.Enqueue(sms.Id);
        return new(sms.Id, Duplicate: false);
    }
}
