using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Tariffs.AssignTariff;
using SmsCallback.Application.Tariffs.ImportTariffRates;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.UnitTests.Tariffs;

public sealed class TariffHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly ITariffRepository _tariffs = Substitute.For<ITariffRepository>();
    private readonly ITariffRateCsv _csv = Substitute.For<ITariffRateCsv>();
    private readonly ITariffRatesCache _cache = Substitute.For<ITariffRatesCache>();
    private readonly IAccountRepository _accounts = Substitute.For<IAccountRepository>();
    private readonly IUnitOfWork _unitOfWork = Substitute.For<IUnitOfWork>();
    private readonly Tariff _tariff = Tariff.Create("Retail", "PLN", Now);

    public TariffHandlerTests() => _tariffs.GetAsync(_tariff.Id, Arg.Any<CancellationToken>()).Returns(_tariff);

    private static TariffRateRow Row(int line, string prefix, decimal price = 0.1m, int increment = 1) => new(line, prefix, "", price, 0m, 0, increment);

    private Task<Result<TariffImportResult>> ImportAsync(bool merge, params TariffRateRow[] rows)
    {
        _csv.ReadAsync(Arg.Any<Stream>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(new TariffCsvRead(rows, []));
        _tariffs.WriteRatesAsync(default, default!, default, default, default).ReturnsForAnyArgs(true);
        return new ImportTariffRatesHandler(_tariffs, _csv, _cache, new FakeTimeProvider(Now))
            .Handle(new ImportTariffRatesCommand(_tariff.Id, Stream.Null, merge), default).AsTask();
    }

    [Fact]
    public async Task An_import_with_a_bad_row_or_a_repeated_prefix_writes_nothing_and_names_the_lines()
    {
        var result = await ImportAsync(false, Row(2, "48"), Row(3, "+48"), Row(4, "49", increment: 0), Row(5, "48"), Row(6, "50", price: -1));

        Assert.Equal([3, 4, 5, 6], result.Value!.Errors.Select(e => e.Line));
        Assert.Contains("line 2", result.Value.Errors[2].Message);
        await _tariffs.DidNotReceiveWithAnyArgs().WriteRatesAsync(default, default!, default, default, default);
        _cache.DidNotReceiveWithAnyArgs().Invalidate(default);
    }

    [Fact]
    public async Task A_good_import_writes_every_rate_in_the_chosen_mode_and_invalidates_the_index()
    {
        var result = await ImportAsync(true, Row(2, "48"), Row(3, "4860", 0.2m));

        Assert.Equal(2, result.Value!.Imported);
        await _tariffs.Received(1).WriteRatesAsync(_tariff.Id, Arg.Is<IReadOnlyList<TariffRate>>(r => r.Count == 2 && r[1].Prefix == "4860"),
            false, Now, Arg.Any<CancellationToken>());
        _cache.Received(1).Invalidate(_tariff.Id);
    }

    [Fact]
    public async Task An_account_whose_money_moved_keeps_its_currency_and_a_fresh_one_follows_the_tariff()
    {
        var fresh = Account.Create("fresh", "hash", AccountRole.Client, Now);
        var used = Account.Create("used", "hash", AccountRole.Client, Now);
        _accounts.GetAsync(fresh.Id, Arg.Any<CancellationToken>()).Returns(fresh);
        _accounts.GetAsync(used.Id, Arg.Any<CancellationToken>()).Returns(used);
        _tariffs.HasLedgerEntriesAsync(used.Id, Arg.Any<CancellationToken>()).Returns(true); // a top-up and its correction: balance 0
        var handler = new AssignTariffHandler(_accounts, _tariffs);

        var assigned = await handler.Handle(new AssignTariffCommand(fresh.Id, _tariff.Id), default);
        var refused = await handler.Handle(new AssignTariffCommand(used.Id, _tariff.Id), default);

        Assert.True(assigned.IsSuccess);
        Assert.Equal((_tariff.Id, "PLN"), (fresh.TariffId, fresh.Currency));
        Assert.Equal(ErrorKind.Conflict, refused.Error!.Kind);
        Assert.Equal(("EUR", (Guid?)null), (used.Currency, used.TariffId));
    }
}
