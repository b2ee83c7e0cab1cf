using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Billing;
using SmsCallback.Application.Callbacks;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Callbacks.HandleIncomingCall;
using SmsCallback.Application.Callbacks.RequestCallback;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Ivr.PlaceIvrCall;
using SmsCallback.Application.Sms.ProcessInboundSms;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Callbacks;
using Callback = SmsCallback.Domain.Callbacks.Callback;

namespace SmsCallback.Application.UnitTests.Callbacks;

/// <summary>One account with one registered phone, every port substituted, the real admission, credit control and rate limiter, and the
/// four origins built on them. <see cref="Arrange"/> sets up the world so that the admission refuses for a given reason.</summary>
internal sealed class AdmissionWorld
{
    public const string Phone = "+48600316058";
    public const string Destination = "+48774417880";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero));
    public IBlockedPrefixRepository Blocked { get; } = Substitute.For<IBlockedPrefixRepository>();
    public ICallbackRepository Callbacks { get; } = Substitute.For<ICallbackRepository>();
    public ITariffRates Rates { get; } = Substitute.For<ITariffRates>();
    public ILedgerRepository Ledger { get; } = Substitute.For<ILedgerRepository>();
    public IAccountRepository Accounts { get; } = Substitute.For<IAccountRepository>();
    public IRegisteredPhoneRepository Phones { get; } = Substitute.For<IRegisteredPhoneRepository>();
    public IPhonebookRepository Phonebook { get; } = Substitute.For<IPhonebookRepository>();
    public IUnitOfWork UnitOfWork { get; } = SmsCallback.Application.UnitTests.Common.TestPipeline.UnitOfWork();
    public ISwitch Switch { get; } = Substitute.For<ISwitch>();
    public AntiAbuseOptions Limits { get; } = new();
    /// <summary>At most 10 minutes a call, so several callbacks fit the balance of 10.00.</summary>
    public BillingOptions Billing { get; } = new() { MinimumCallSeconds = 60, MaxCallSeconds = 600, RingAllowanceSeconds = 60 };
    public PhoneNumberNormalizer Normalizer { get; } = new("PL");
    public Account Account { get; }
    public List<Callback> Added { get; } = [];

    public AdmissionWorld()
    {
        Account = Account.Create("alice", "hash:pass", AccountRole.Client, Clock.GetUtcNow().AddDays(-1));
        Account.Post(10m, LedgerReason.TopUp, null, Clock.GetUtcNow().AddDays(-1));
        Account.ChangeSettings(0m, AccountServices.All, 5);
        Accounts.GetAsync(Account.Id, Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<Account?>(Account));
        Accounts.FindByLoginAsync("alice", Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<Account?>(Account));
        var phone = RegisteredPhone.Create(Account.Id, Phone, Clock.GetUtcNow().AddDays(-1));
        Phones.FindByNumberAsync(Phone, Arg.Any<CancellationToken>()).Returns(Task.FromResult<RegisteredPhone?>(phone));
        Phones.ListByAccountAsync(Account.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<RegisteredPhone>>([phone]));
        Rates.FindAsync(Arg.Any<Guid?>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult<TariffRateMatch?>(new(Guid.Empty, "EUR", "4", "Test", new Rate(0.10m, 0m, 0, 1))));
        Blocked.AnyPrefixOfAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult(false));
        Callbacks.When(c => c.Add(Arg.Any<Callback>())).Do(ci => Added.Add(ci.Arg<Callback>()));
        Switch.Capabilities.Returns(new SwitchCapabilities(ReportsCallProgress: true, CanControlLegs: true));
    }

    /// <summary>Makes the admission refuse for <paramref name="reason"/>; the number rules and the missing rate apply to <paramref name="number"/>.</summary>
    public void Arrange(RefusalReason reason, string number)
    {
        switch (reason)
        {
            case RefusalReason.AccountBlocked: Account.Block(); break;
            case RefusalReason.ServiceDisabled: Account.ChangeSettings(0m, AccountServices.None, 5); break;
            case RefusalReason.NumberBlocked:
                Blocked.AnyPrefixOfAsync(number, Arg.Any<CancellationToken>()).Returns(Task.FromResult(true));
                break;
            case RefusalReason.NumberNotAllowed:
                Account.ChangeFraudControls([.. new[] { "48600316058", "48774417880", "48226543210" }.Where(p => "+" + p != number)], null);
                break;
            case RefusalReason.TooManyRequests:
                Callbacks.CountByAccountSinceAsync(Account.Id, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
                    .Returns(Task.FromResult(Limits.MaxCallbacksPerAccount));
                break;
            case RefusalReason.TooManyCallbacks:
                Callbacks.CountActiveByAccountAsync(Account.Id, Arg.Any<Guid>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult(5));
                break;
            case RefusalReason.NoRate:
                Rates.FindAsync(Arg.Any<Guid?>(), number, Arg.Any<CancellationToken>()).Returns(Task.FromResult<TariffRateMatch?>(null));
                break;
            case RefusalReason.InsufficientCredit: Account.Post(-10m, LedgerReason.Adjustment, null, Clock.GetUtcNow()); break;
            case RefusalReason.DailyCapReached: Account.ChangeFraudControls([], 0.01m); break;
        }
    }

    public CreditControl Credit => new(Rates, Ledger, Accounts, Options.Create(Billing), Clock, NullLogger<CreditControl>.Instance);

    public CallbackAdmission Admission => new(Blocked, Callbacks, new CallbackRateLimiter(Callbacks, Options.Create(Limits), Clock), Credit,
        new SmsCallback.Application.Callbacks.DispatchCallback.CallbackDispatch(Callbacks, Switch, UnitOfWork, Clock,
            NullLogger<SmsCallback.Application.Callbacks.DispatchCallback.CallbackDispatch>.Instance), Clock);

    public SmsCommandExecutor SmsExecutor
    {
        get
        {
            var hasher = Substitute.For<IPasswordHasher>();
            hasher.Verify(Arg.Any<string>(), Arg.Any<string>())
                .Returns(ci => ci.ArgAt<string>(0) == "hash:" + ci.ArgAt<string>(1) ? PasswordCheck.Success : PasswordCheck.Failed);
            var guard = new LoginGuard(Substitute.For<ILoginFailureRepository>(), Options.Create(Limits), Clock);
            var registrar = new SmsCallback.Application.Accounts.RegisterPhone.PhoneRegistrar(Phones,
                Substitute.For<IPhoneVerificationRepository>(), Substitute.For<IPhoneCodes>(), Substitute.For<IOutboundSmsRepository>(),
                Substitute.For<IBlockedPrefixRepository>(), Options.Create(new SmsCallback.Application.Accounts.AccountsOptions()),
                Options.Create(new SmsCallback.Application.Notices.NoticesOptions()), Clock, Accounts, Common.TestTexts.Texts);
            return new(new SmsAuthorizer(Accounts, hasher, guard, Common.TestTexts.Texts), Phones, Phonebook, Admission, Normalizer, registrar,
                Accounts, Substitute.For<SmsCallback.Application.AccessNumbers.IAccessNumberRepository>(), Common.TestTexts.Texts);
        }
    }

    public RequestCallbackHandler Web => new(Accounts, Phones, Phonebook, Admission, Normalizer, Common.TestTexts.Texts);

    public HandleIncomingCallHandler Ani
    {
        get
        {
            var ivr = Substitute.For<IIvrSettingsRepository>();
            ivr.GetAsync(Arg.Any<CancellationToken>()).Returns(Task.FromResult(Domain.Ivr.IvrSettings.Default()));
            return new(Phones, Accounts, ivr, Admission, Normalizer, Switch, UnitOfWork, NullLogger<HandleIncomingCallHandler>.Instance,
                Substitute.For<SmsCallback.Application.AccessNumbers.IAccessNumberRepository>());
        }
    }

    public PlaceIvrCallHandler Ivr => new(Callbacks, Accounts, Admission, Normalizer, Switch,
        new SmsCallback.Application.Ivr.IvrEngine.IvrEngine(Switch, Clock, NullLogger<SmsCallback.Application.Ivr.IvrEngine.IvrEngine>.Instance), UnitOfWork);

    /// <summary>A callback of <paramref name="origin"/> whose leg A is up at the IVR prompt, with the credit it was admitted with.</summary>
    public async Task<Callback> AtThePromptAsync(CallbackOrigin origin = CallbackOrigin.Sms)
    {
        var admitted = await Admission.AdmitAsync(Account, new(origin, Phone, Destination), CancellationToken.None);
        var callback = admitted.Callback!;
        Added.Clear();
        var now = Clock.GetUtcNow(); // handed to the switch by the admission
        callback.LegDialing(LegKind.A, Phone, "a", now);
        callback.LegAnswered(LegKind.A, now, "a");
        Callbacks.GetAsync(callback.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<Callback?>(callback));
        return callback;
    }
}
