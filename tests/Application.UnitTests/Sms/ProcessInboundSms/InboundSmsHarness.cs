using Mediator;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.ProcessInboundSms;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Sms;
using Callback = SmsCallback.Domain.Callbacks.Callback;

namespace SmsCallback.Application.UnitTests.Sms.ProcessInboundSms;

/// <summary>The real handler and executor over substituted repositories; passwords "hash" as <c>hash:password</c>.</summary>
internal sealed class InboundSmsHarness
{
    public const string AccessNumber = "+48500100200";

    public IInboundSmsRepository Inbox { get; } = Substitute.For<IInboundSmsRepository>();
    public IOutboundSmsRepository Outbox { get; } = Substitute.For<IOutboundSmsRepository>();
    public ICallbackRepository Callbacks { get; } = Substitute.For<ICallbackRepository>();
    public IAccountRepository Accounts { get; } = Substitute.For<IAccountRepository>();
    public IRegisteredPhoneRepository Phones { get; } = Substitute.For<IRegisteredPhoneRepository>();
    public IPhonebookRepository Phonebook { get; } = Substitute.For<IPhonebookRepository>();
    public ILoginFailureRepository LoginFailures { get; } = Substitute.For<ILoginFailureRepository>();
    public List<LoginFailure> Failures { get; } = [];
    public IPasswordHasher Hasher { get; } = Substitute.For<IPasswordHasher>();
    public IUnitOfWork UnitOfWork { get; } = SmsCallback.Application.UnitTests.Common.TestPipeline.UnitOfWork();
    public IBackgroundJobs Jobs { get; } = Substitute.For<IBackgroundJobs>();
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public AntiAbuseOptions AntiAbuse { get; } = new();
    public PhoneNumberNormalizer Normalizer { get; } = new("PL");
    public ITariffRates Rates { get; } = Substitute.For<ITariffRates>();
    public IBlockedPrefixRepository Blocked { get; } = Substitute.For<IBlockedPrefixRepository>();
    public ILedgerRepository Ledger { get; } = Substitute.For<ILedgerRepository>();
    public IPhoneVerificationRepository Verifications { get; } = Substitute.For<IPhoneVerificationRepository>();
    public IPhoneCodes Codes { get; } = Substitute.For<IPhoneCodes>();
    public SmsCallback.Application.AccessNumbers.IAccessNumberRepository AccessNumbers { get; } =
        Substitute.For<SmsCallback.Application.AccessNumbers.IAccessNumberRepository>();
    public SmsCallback.Application.Sms.ReceiveInboundSms.ISmsTextVault Vault { get; } = Substitute.For<SmsCallback.Application.Sms.ReceiveInboundSms.ISmsTextVault>();

    /// <summary>Every number costs this on the default tariff (EUR).</summary>
    public Domain.Billing.Rate Rate { get; set; } = new(0.10m, 0m, 0, 1);

    public List<OutboundSms> Replies { get; } = [];
    public List<Callback> AddedCallbacks { get; } = [];
    public List<RegisteredPhone> AddedPhones { get; } = [];

    public InboundSmsHarness()
    {
        Phones.FindByNumberAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<RegisteredPhone?>(null));
        Accounts.FindByLoginAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<Account?>(null));
        Accounts.GetAsync(Arg.Any<Guid>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<Account?>(null));
        Outbox.AnySentToSinceAsync(Arg.Any<string>(), Arg.Any<OutboundSmsKind>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(false));
        Hasher.Verify(Arg.Any<string>(), Arg.Any<string>())
            .Returns(ci => ci.ArgAt<string>(0) == "hash:" + ci.ArgAt<string>(1) ? PasswordCheck.Success : PasswordCheck.Failed);
        Phonebook.ListAsync(Arg.Any<Guid>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<PhonebookEntry>>([]));
        Verifications.ListOpenForAccountAsync(Arg.Any<Guid>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<PhoneVerification>>([]));
        Verifications.ListOpenForNumberAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<PhoneVerification>>([]));
        Codes.NewCode().Returns("123456");
        Codes.Hash(Arg.Any<Guid>(), Arg.Any<string>(), Arg.Any<string>()).Returns(ci => "hash:" + ci.ArgAt<string>(2));
        LoginFailures.When(f => f.Add(Arg.Any<LoginFailure>())).Do(ci => Failures.Add(ci.Arg<LoginFailure>()));
        LoginFailures.CountSinceAsync(Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult(Failures.Count(f => f.Key == ci.ArgAt<string>(0) && f.At > ci.ArgAt<DateTimeOffset>(1))));
        LoginFailures.ClearAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(ci => { Failures.RemoveAll(f => f.Key == ci.ArgAt<string>(0)); return Task.CompletedTask; });
        Rates.FindAsync(Arg.Any<Guid?>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromResult<Domain.Billing.TariffRateMatch?>(new(Guid.Empty, "EUR", "4", "Test", Rate)));
        Blocked.AnyPrefixOfAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult(false));

        Outbox.When(o => o.Add(Arg.Any<OutboundSms>())).Do(ci => Replies.Add(ci.Arg<OutboundSms>()));
        Callbacks.When(c => c.Add(Arg.Any<Callback>())).Do(ci => AddedCallbacks.Add(ci.Arg<Callback>()));
        Phones.When(p => p.Add(Arg.Any<RegisteredPhone>())).Do(ci => AddedPhones.Add(ci.Arg<RegisteredPhone>()));
    }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public SmsCommandExecutor Executor => new(
        new SmsAuthorizer(Accounts, Hasher, new LoginGuard(LoginFailures, Options.Create(AntiAbuse), Clock), Common.TestTexts.Texts),
        Phones, Phonebook, Admission, Normalizer,
        new SmsCallback.Application.Accounts.RegisterPhone.PhoneRegistrar(Phones, Verifications, Codes, Outbox, Blocked,
            Options.Create(new SmsCallback.Application.Accounts.AccountsOptions()), Options.Create(new SmsCallback.Application.Notices.NoticesOptions()), Clock,
            Accounts, Common.TestTexts.Texts),
        Accounts, AccessNumbers, Common.TestTexts.Texts);

    public ISwitch Switch { get; } = Substitute.For<ISwitch>();

    public SmsCallback.Application.Callbacks.Admission.CallbackAdmission Admission => new(Blocked, Callbacks,
        new SmsCallback.Application.Callbacks.CallbackRateLimiter(Callbacks, Options.Create(AntiAbuse), Clock), Credit,
        new SmsCallback.Application.Callbacks.DispatchCallback.CallbackDispatch(Callbacks, Switch, UnitOfWork, Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SmsCallback.Application.Callbacks.DispatchCallback.CallbackDispatch>.Instance), Clock);

    public SmsCallback.Application.Billing.CreditControl Credit => new(Rates, Ledger, Accounts,
        Options.Create(new SmsCallback.Application.Billing.BillingOptions()), Clock,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<SmsCallback.Application.Billing.CreditControl>.Instance);

    public ProcessInboundSmsHandler Handler =>
        new(Inbox, Outbox, Executor, Normalizer, UnitOfWork, Jobs, Options.Create(AntiAbuse), Vault, Clock);

    public Account Account(string login, string password, AccountRole role = AccountRole.Client, bool blocked = false)
    {
        var account = Domain.Accounts.Account.Create(login, "hash:" + password, role, Now.AddDays(-30));
        if (blocked) account.Block();
        account.Post(100m, LedgerReason.TopUp, "test credit", Now.AddDays(-30));
        Accounts.FindByLoginAsync(login, Arg.Any<CancellationToken>()).Returns(Task.FromResult<Account?>(account));
        Accounts.GetAsync(account.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<Account?>(account));
        return account;
    }

    public RegisteredPhone Register(Account account, string e164)
    {
        var phone = RegisteredPhone.Create(account.Id, e164, Now.AddDays(-1));
        Phones.FindByNumberAsync(e164, Arg.Any<CancellationToken>()).Returns(Task.FromResult<RegisteredPhone?>(phone));
        return phone;
    }

    public InboundSms Sms(string from, string text)
    {
        var sms = InboundSms.Receive("twilio", "SM" + Guid.NewGuid().ToString("N"), from, AccessNumber, text, Now, Now);
        Inbox.GetAsync(sms.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<InboundSms?>(sms));
        return sms;
    }

    /// <summary>Runs the handler inside the unit-of-work pipeline (saved once after it, effects after the save).</summary>
    public async Task ProcessAsync(InboundSms sms) =>
        await SmsCallback.Application.UnitTests.Common.TestPipeline.RunAsync(Handler, new ProcessInboundSmsCommand(sms.Id), UnitOfWork);

    public OutboundSms SingleReply() => Assert.Single(Replies);
}
