using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ProcessInboundSms;

/// <summary>What an SMS led to. <paramref name="Trusted"/>: the sender is registered or logged in, so replies are not throttled.</summary>
public sealed record SmsOutcome(string? Reply, bool Trusted, string Summary, Callback? Callback = null);

/// <summary>Authorises the sender of a parsed SMS and carries out its command (product.md §2).</summary>
public sealed class SmsCommandExecutor(
    IAccountRepository accounts,
    IRegisteredPhoneRepository registeredPhones,
    IPasswordHasher passwordHasher,
    PhoneNumberNormalizer phones,
    TimeProvider clock)
{
    public async Task<SmsOutcome> ExecuteAsync(InboundSms sms, string? sender, CancellationToken ct)
    {
        var senderPhone = sender is null ? null : await registeredPhones.FindByNumberAsync(sender, ct);
        var parsed = SmsCommandParser.Parse(sms.Text);
        if (parsed.Command is not { } command)
            return new(Replies.For(parsed.Errors), senderPhone is not null, "Parse error: " + parsed.Errors[0].Code);
        if (command.Action == SmsAction.Help) return new(Replies.Help, senderPhone is not null, "Help");

        var (account, failure) = await AuthoriseAsync(command, senderPhone, ct);
        if (account is null) return failure!;

        var senderIsAccounts = senderPhone?.AccountId == account.Id;
        return command.Action switch
        {
            SmsAction.Callback => RequestCallback(command, account, senderIsAccounts ? sender : null, sms),
            SmsAction.Register => await RegisterAsync(command, account, ct),
            _ => new(Replies.NotSupportedYet(command.Action), true, "Not supported: " + command.Action),
        };
    }

    private async Task<(Account?, SmsOutcome?)> AuthoriseAsync(SmsCommand command, RegisteredPhone? senderPhone, CancellationToken ct)
    {
        var trustedSender = senderPhone is not null;
        if (command.HasCredentials)
        {
            var byLogin = await accounts.FindByLoginAsync(command.Login!, ct);
            var check = byLogin is { Role: AccountRole.Client }
                ? passwordHasher.Verify(byLogin.PasswordHash, command.Password!)
                : PasswordCheck.Failed;
            if (check == PasswordCheck.Failed) return (null, new(Replies.LoginFailed, trustedSender, "Login failed"));
            if (!byLogin!.IsActive) return (null, new(Replies.AccountBlocked, true, "Account blocked"));
            return (byLogin, null);
        }

        if (senderPhone is null) return (null, new(Replies.UnknownSender, false, "Unknown sender"));
        var owner = await accounts.GetAsync(senderPhone.AccountId, ct);
        if (owner is not { IsActive: true }) return (null, new(Replies.AccountBlocked, true, "Account blocked"));
        return (owner, null);
    }

    private SmsOutcome RequestCallback(SmsCommand command, Account account, string? registeredSender, InboundSms sms)
    {
        string source;
        if (command.Source is not null)
        {
            if (!phones.TryNormalize(command.Source, out source))
                return new(Replies.InvalidNumber("source", command.Source), true, "Invalid source");
        }
        else if (registeredSender is not null) source = registeredSender;
        else return new(Replies.SourceRequired, true, "Source required");

        if (!phones.TryNormalize(command.Destination, out var destination))
            return new(Replies.InvalidNumber("destination", command.Destination!), true, "Invalid destination");

        var callback = Callback.Request(account.Id, source, destination, CallbackOrigin.Sms, sms.Id, clock.GetUtcNow());
        return new(Replies.Calling(source, destination), true, "Callback requested", callback);
    }

    private async Task<SmsOutcome> RegisterAsync(SmsCommand command, Account account, CancellationToken ct)
    {
        if (!phones.TryNormalize(command.RegisterNumber, out var number))
            return new(Replies.InvalidNumber("phone", command.RegisterNumber!), true, "Invalid number");
        var owner = await registeredPhones.FindByNumberAsync(number, ct);
        if (owner is not null)
            return owner.AccountId == account.Id
                ? new(Replies.AlreadyRegistered(number), true, "Already registered")
                : new(Replies.RegisteredElsewhere(number), true, "Number taken");
        registeredPhones.Add(RegisteredPhone.Create(account.Id, number, clock.GetUtcNow()));
        return new(Replies.Registered(number), true, "Number registered");
    }
}
