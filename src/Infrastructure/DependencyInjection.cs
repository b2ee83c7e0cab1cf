using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Lots;
using SmsCallback.Application.Notices;
using SmsCallback.Infrastructure.Jobs;
using SmsCallback.Infrastructure.Lots;
using SmsCallback.Infrastructure.Operations;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Persistence.Repositories;
using SmsCallback.Infrastructure.Processing;
using SmsCallback.Infrastructure.Security;
using SmsCallback.Infrastructure.Sms;
using SmsCallback.Infrastructure.Sms.Carriers;
using SmsCallback.Infrastructure.Switching;
using SmsCallback.Infrastructure.Switching.Asterisk;
using SmsCallback.Infrastructure.Switching.Reconciliation;
using SmsCallback.Infrastructure.Switching.Simulator;
using SmsCallback.Infrastructure.Switching.VoipSwitch;

namespace SmsCallback.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Everything both hosts share: the application, persistence, jobs, the switch and SMS adapters, and the background processing.</summary>
    /// <remarks>The host adds the application itself (<c>AddApplication</c>); this adds only the adapters and binds the options.</remarks>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section))
            .Validate(o => PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(o.DefaultRegion.ToUpperInvariant()),
                "Sms:DefaultRegion must be an ISO 3166 region libphonenumber knows, such as PL or GB.")
            .Validate(o => o.MaxReplySegments is >= 1 and <= 10, "Sms:MaxReplySegments is 1 to 10.")
            .Validate(o => o.ConcatTimeout > TimeSpan.Zero, "Sms:ConcatTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<AntiAbuseOptions>().Bind(configuration.GetSection(AntiAbuseOptions.Section))
            .Validate(o => o.MaxUnknownSenderReplies >= 0 && o.MaxUnknownSenderRepliesPerAccessNumber >= 0 && o.UnknownSenderCeilingWindow > TimeSpan.Zero,
                "AntiAbuse: the unknown-sender ceilings cannot be negative and their window must be positive.")
            .Validate(o => o.CallbackRateWindow >= AntiAbuseOptions.ShortestCallbackRateWindow && o.CallbackRateWindow <= AntiAbuseOptions.LongestCallbackRateWindow,
                "AntiAbuse:CallbackRateWindow is 1 minute to 7 days (the callback counts are kept that long: docs/adr/0051-callback-rate-counts.md).")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.SmsTexts >= TimeSpan.FromDays(1) && !string.IsNullOrWhiteSpace(o.Schedule),
                "Retention:SmsTexts is at least one day and Retention:Schedule a cron expression.")
            .ValidateOnStart();
        services.AddOptions<Application.Billing.BillingOptions>().Bind(configuration.GetSection(Application.Billing.BillingOptions.Section));
        services.AddOptions<Application.Callbacks.CallbackPolicyOptions>().Bind(configuration.GetSection(Application.Callbacks.CallbackPolicyOptions.Section))
            .Validate(o => o.IsValid(), "Callbacks settings are out of range (RingDelaySeconds 0 to 3600, SourceRetries 0 to 10, "
                + "SourceRetryIntervalSeconds 1 to 3600, PollInterval positive).")
            .ValidateOnStart();
        services.AddOptions<ProcessingOptions>().Bind(configuration.GetSection(ProcessingOptions.Section))
            .Validate(o => o.Concurrency is >= 1 and <= 64 && o.SweepInterval > TimeSpan.Zero, "Processing settings are out of range.")
            .ValidateOnStart();
        services.AddOptions<LotsOptions>().Bind(configuration.GetSection(LotsOptions.Section))
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Lots:BatchSize is 1 to 10000.").ValidateOnStart();
        services.AddOptions<NoticesOptions>().Bind(configuration.GetSection(NoticesOptions.Section))
            .Validate(o => o.LowBalanceThreshold is null or >= 0 && !string.IsNullOrWhiteSpace(o.Channel), "Notices settings are out of range.")
            .ValidateOnStart();
        services.AddOptions<Application.Accounts.AccountsOptions>().Bind(configuration.GetSection(Application.Accounts.AccountsOptions.Section))
            .Validate(o => o.IsValid(), "Accounts settings are out of range (limits and code attempts at least 1, durations positive).")
            .ValidateOnStart();
        services.AddOptions<Application.Common.Localization.LocalizationOptions>()
            .Bind(configuration.GetSection(Application.Common.Localization.LocalizationOptions.Section))
            .Validate(o => o.TemplateCacheTime >= TimeSpan.Zero && Application.Sms.Texts.ReplyCatalog.Load(o.Folder).Has(o.DefaultLanguage ?? ""),
                "Localization:DefaultLanguage must be a language of the replies (en, pl, or a file in Localization:Folder) and " +
                "Localization:TemplateCacheTime cannot be negative.")
            .ValidateOnStart();
        services.AddOptions<SimulatorOptions>().Bind(configuration.GetSection(SimulatorOptions.Section))
            .Validate(o => o.AutoAnswerAfterMs >= 0 && o.HangupAfterMs >= 0, "Simulator delays cannot be negative.")
            .ValidateOnStart();

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(database);
        var appConnection = configuration.GetConnectionString("App") ?? ConnectionStringDefaults.App;
        var secrets = new InstanceSecrets(configuration["Data:Directory"] ?? DataDirectoryOf(database, appConnection));
        services.AddSingleton(secrets);
        services.AddSingleton<IInstanceSecrets>(secrets);
        InstanceSecrets.EnsurePrivateDirectory(secrets.KeysDirectory);
        InstanceSecrets.EnsurePrivateFiles(secrets.KeysDirectory);
        services.AddDataProtection().SetApplicationName("SmsCallback").PersistKeysToFileSystem(new DirectoryInfo(secrets.KeysDirectory));
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .PostConfigure(o => o.XmlRepository = new OwnerOnlyXmlRepository(o.XmlRepository!, secrets.KeysDirectory));
        AddPersistence(services, database, appConnection);
        AddJobs(services, configuration, database);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddSingleton<IPhoneCodes, HmacPhoneCodes>();
        services.AddSingleton<ILotExportVault, DataProtectionLotExportVault>();
        services.AddSingleton<ICallHistoryCsvWriter, Calls.CallHistoryCsvWriter>();
        services.AddSingleton<InboundSmsQueue>();
        services.AddSingleton<IInboundSmsQueue>(sp => sp.GetRequiredService<InboundSmsQueue>());
        services.AddSingleton<LogSmsSender>();
        services.AddSingleton<ForwarderSmsSender>();
        services.AddSingleton<IChannelSmsSender>(sp => sp.GetRequiredService<ForwarderSmsSender>());
        services.AddKeyedSingleton<ISmsSender, SmsSenderRouter>(OperationsRegistration.Adapter);
        AddSwitch(services, configuration);
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<Application.Sms.ReceiveInboundSms.ISmsTextVault, DataProtectionSmsTextVault>();
        services.AddSingleton<ICarrierAccounts, CarrierAccounts>();
        services.AddCarriers(configuration);
        services.AddSingleton<IForwarderKeyProtector, ForwarderKeyProtector>();
        services.AddSingleton<Billing.TariffRateCache>();
        services.AddSingleton<ITariffRates>(sp => sp.GetRequiredService<Billing.TariffRateCache>());
        services.AddSingleton<ITariffRatesCache>(sp => sp.GetRequiredService<Billing.TariffRateCache>());
        services.AddSingleton<ITariffRateCsv, Billing.TariffRateCsv>();
        services.AddScoped<DatabaseInitialiser>();
        services.AddOperations(configuration); // metrics, switch status and detailed health (docs/operations.md)
        return services;
    }

    private static void AddSwitch(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SwitchOptions>().Bind(configuration.GetSection(SwitchOptions.Section))
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(3) && o.RingTimeout > TimeSpan.Zero && o.CallTimeout > TimeSpan.Zero,
                "Switch timeouts must be positive and the lease at least 3 s.")
            .ValidateOnStart();
        services.AddSingleton<SwitchLeases>();
        var provider = configuration.GetSection(SwitchOptions.Section).Get<SwitchOptions>()?.Provider ?? SwitchProvider.Simulator;
        services.AddSwitchCallList(provider); // for reconciliation (docs/billing.md)
        switch (provider)
        {
            case SwitchProvider.VoipSwitch:
                services.AddOptions<VoipSwitchOptions>().Bind(configuration.GetSection(VoipSwitchOptions.Section))
                    .Validate(o => !string.IsNullOrWhiteSpace(o.Host) && o.Port is > 0 and < 65536 && o.Attempts >= 1 && o.LineFormat.Contains("{destination}"),
                        "Switch:VoipSwitch needs a Host, a Port, Attempts >= 1 and a LineFormat with {destination}.")
                    .ValidateOnStart();
                services.AddKeyedSingleton<ISwitch, VoipSwitchTrigger>(OperationsRegistration.Adapter);
                break;
            case SwitchProvider.Asterisk:
                services.AddAsteriskSwitch(configuration); // also registers ISwitch itself, for its tests; the decorated one below wins
                services.AddKeyedSingleton<ISwitch>(OperationsRegistration.Adapter, (sp, _) => sp.GetRequiredService<AsteriskSwitch>());
                break;
            default:
                services.AddSingleton<SwitchSimulator>(); // also controlled through the admin simulator API
                services.AddKeyedSingleton<ISwitch>(OperationsRegistration.Adapter, (sp, _) => sp.GetRequiredService<SwitchSimulator>());
                break;
        }
    }

    /// <summary>Creates or upgrades the database and adds what a fresh installation needs, before the host serves anything.</summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync(ct);
    }

    /// <summary>The work that runs next to the switch connection: inbound processing, the event pump and the recovery sweep.</summary>
    public static IServiceCollection AddCallbackProcessing(this IServiceCollection services)
    {
        services.AddHostedService<InboundSmsProcessor>();
        services.AddHostedService<OutboxProcessor>();
        services.AddSingleton<SwitchEventProgress>(); // how far the pump is, for the watchdog (ADR 0056)
        services.AddHostedService<SwitchEventPump>();
        services.AddSingleton<RecoverySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RecoverySweeper>());
        services.AddCallWatchdog(); // deadlines and reconciliation with the switch (docs/billing.md)
        services.AddSingleton<CallbackScheduler>(); // ring delay, scheduled web callbacks, retries of leg A (docs/callback-policies.md)
        services.AddHostedService(sp => sp.GetRequiredService<CallbackScheduler>());
        return services;
    }

    private static void AddPersistence(IServiceCollection services, DatabaseOptions database, string connectionString)
    {
        if (database.Provider == DatabaseProvider.SqlServer)
            services.AddDbContext<AppDbContext, SqlServerAppDbContext>((sp, o) => o.UseSqlServer(connectionString, s => s.EnableRetryOnFailure())
                .AddInterceptors(sp.GetRequiredService<Telemetry.TelemetrySaveChangesInterceptor>()));
        else
            services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, o) => o.UseSqlite(connectionString)
                .AddInterceptors(new SqliteBusyTimeoutInterceptor(database.Synchronous), sp.GetRequiredService<SqliteWriteGateInterceptor>(),
                    sp.GetRequiredService<Telemetry.TelemetrySaveChangesInterceptor>()));
        // its readings only mean something on SQLite; in tests without a meter factory it reports nothing
        services.AddSingleton(sp => database.Provider == DatabaseProvider.Sqlite && sp.GetService<System.Diagnostics.Metrics.IMeterFactory>() is { } meters
            ? new SqliteWriteGate(meters)
            : new SqliteWriteGate());
        services.AddSingleton<SqliteWriteGateInterceptor>();

        services.AddScoped<UnitOfWork>();
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<UnitOfWork>());
        services.AddSingleton(new Persistence.Inbox.LandingFile(database, connectionString)); // SQLite: the inbox lands SMS here first (ADR 0055)
        services.AddSingleton<Persistence.Inbox.InboxMover>();
        services.AddHostedService(sp => sp.GetRequiredService<Persistence.Inbox.InboxMover>());
        services.AddSingleton<Persistence.Inbox.GroupCommitInboxWriter>(); // the inbox's single writer (ADR 0037)
        services.AddSingleton<Application.Sms.ReceiveInboundSms.IInboxWriter>(sp => sp.GetRequiredService<Persistence.Inbox.GroupCommitInboxWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<Persistence.Inbox.GroupCommitInboxWriter>());
        services.AddScoped<OutboxConsumption>();
        services.AddSingleton<OutboxQueue>();
        services.AddSingleton<IngestPressure>(); // the inbox tells processing when webhooks flood it (ADR 0047)
        services.AddScoped<IAccountRepository, AccountRepository>();
        services.AddScoped<IRegisteredPhoneRepository, RegisteredPhoneRepository>();
        services.AddScoped<IPhoneVerificationRepository, PhoneVerificationRepository>();
        services.AddScoped<IInboundSmsRepository, InboundSmsRepository>();
        services.AddScoped<IOutboundSmsRepository, OutboundSmsRepository>();
        services.AddScoped<ICallbackRepository, CallbackRepository>();
        services.AddScoped<Application.Callbacks.StartDueCallback.IDueCallbacks, DueCallbacks>();
        services.AddScoped<IPhonebookRepository, PhonebookRepository>();
        services.AddScoped<ILoginFailureRepository, LoginFailureRepository>();
        services.AddScoped<IIvrSettingsRepository, IvrSettingsRepository>();
        services.AddScoped<IAccessNumberRepository, AccessNumberRepository>();
        services.AddScoped<IInboundSmsPartRepository, InboundSmsPartRepository>();
        services.AddScoped<IForwarderRepository, ForwarderRepository>();
        services.AddScoped<ILedgerRepository, LedgerRepository>();
        services.AddScoped<IBlockedPrefixRepository, BlockedPrefixRepository>();
        services.AddSingleton<BlockedPrefixSet>(); // the blocked prefixes read once a second, not once per number (ADR 0047)
        services.AddSingleton<RefreshedCopy<Domain.Ivr.IvrSettings>>(); // the IVR settings read once a second, not once per switch event
        services.AddScoped<ICredentialLotRepository, CredentialLotRepository>();
        services.AddScoped<ITariffRepository, TariffRepository>();
        services.AddScoped<Application.Sms.Texts.IReplyTemplateRepository, ReplyTemplateRepository>();
        services.AddSingleton<Application.Sms.Texts.IReplyTemplateOverrides, ReplyTemplateCache>();
        services.AddScoped<ICallHistoryReader, Persistence.Queries.CallHistoryReader>();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database").AddCheck<JobStorageHealthCheck>("jobs");
    }

    private static void AddJobs(IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        services.AddSingleton(jobs);
        var poll = TimeSpan.FromMilliseconds(Math.Max(100, jobs.PollIntervalMs));
        var kind = jobs.Storage != JobStorageKind.Default ? jobs.Storage
            : database.Provider == DatabaseProvider.SqlServer ? JobStorageKind.SqlServer : JobStorageKind.Sqlite;

        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            var connection = configuration.GetConnectionString("Jobs");
            switch (kind)
            {
                case JobStorageKind.InMemory:
                    config.UseInMemoryStorage();
                    break;
                case JobStorageKind.SqlServer:
                    config.UseSqlServerStorage(connection ?? configuration.GetConnectionString("App"),
                        new SqlServerStorageOptions { QueuePollInterval = poll, PrepareSchemaIfNecessary = true });
                    break;
                default:
                    var path = connection ?? ConnectionStringDefaults.Jobs;
                    EnsureDirectoryOf(path);
                    if (!path.Contains('=')) InstanceSecrets.EnsurePrivateFile(path, withSqliteCompanions: true); // a file path, not a connection string
                    config.UseSQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = poll });
                    break;
            }
        });
        services.AddSingleton<IBackgroundJobs, HangfireBackgroundJobs>();
        if (jobs.RunServer)
        {
            services.AddSingleton<OutboundSmsSender>(); // the first attempt at each SMS, in process (ADR 0047)
            services.AddHostedService(sp => sp.GetRequiredService<OutboundSmsSender>());
        }
        if (jobs.RunServer)
            services.AddHostedService<RecurringJobsRegistrar>().AddHangfireServer(o =>
            {
                o.WorkerCount = jobs.WorkerCount;
                o.Queues = ["sms", "default"];
                o.SchedulePollingInterval = poll;
            });
    }

    private static string DataDirectoryOf(DatabaseOptions database, string connectionString)
    {
        if (database.Provider != DatabaseProvider.Sqlite) return "data";
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        return string.IsNullOrEmpty(directory) ? "data" : directory;
    }

    private static void EnsureDirectoryOf(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
    }
}
