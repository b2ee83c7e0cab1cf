using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.UnitTests.Billing;

public sealed class RateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 30, 61, 90)]   // 61 s at 30 s increments bills 90 s
    [InlineData(0, 30, 60, 60)]
    [InlineData(0, 30, 1, 30)]
    [InlineData(30, 6, 10, 30)]   // 30/6: raised to the minimum
    [InlineData(30, 6, 31, 36)]   // … then up to the next 6 s
    [InlineData(60, 60, 60, 60)]  // 60/60: a minute boundary
    [InlineData(60, 60, 61, 120)]
    [InlineData(0, 1, 60, 60)]    // 1/1: per second
    [InlineData(0, 1, 61, 61)]
    [InlineData(45, 30, 50, 60)]  // a minimum that is not a multiple of the increment is raised to one
    public void Billed_seconds_take_the_minimum_then_round_up_to_the_increment(int minimum, int increment, int seconds, int billed) =>
        Assert.Equal(billed, new Rate(1m, 0m, minimum, increment).BilledSeconds(seconds));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void An_unanswered_call_bills_nothing_and_costs_nothing_even_with_a_minimum_and_a_connection_fee(int seconds)
    {
        var rate = new Rate(1.20m, 0.50m, 60, 60);
        Assert.Equal(0, rate.BilledSeconds(seconds));
        Assert.Equal(0m, rate.Cost(seconds));
    }

    [Fact]
    public void A_call_over_a_minute_boundary_costs_a_second_more_per_second_and_a_minute_more_per_minute()
    {
        var perSecond = new Rate(1.20m, 0m, 0, 1);
        var perMinute = new Rate(1.20m, 0m, 0, 60);

        Assert.Equal(1.20m, perSecond.Cost(60));
        Assert.Equal(1.22m, perSecond.Cost(61));
        Assert.Equal(1.20m, perMinute.Cost(60));
        Assert.Equal(2.40m, perMinute.Cost(61));
    }

    [Fact]
    public void The_connection_fee_is_charged_once_an_answered_call_starts()
    {
        var rate = new Rate(0.60m, 0.10m, 0, 1);
        Assert.Equal(0.11m, rate.Cost(1));
        Assert.Equal(0.70m, rate.Cost(60));
    }

    [Fact]
    public void The_minimum_is_charged_for_a_short_call()
    {
        var rate = new Rate(0.90m, 0m, 60, 1);
        Assert.Equal(60, rate.BilledSeconds(5));
        Assert.Equal(0.90m, rate.Cost(5));
        Assert.Equal(0.915m, rate.Cost(61));
    }

    [Theory]
    [InlineData("0.05", 61, "0.0508")]   // 0.0508333… rounds down
    [InlineData("0.0333", 1, "0.0006")]  // 0.000555 rounds up
    [InlineData("0.003", 1, "0.0001")]   // 0.00005, a midpoint, rounds away from zero
    [InlineData("0.0001", 1, "0")]       // less than half the last place
    public void Costs_are_rounded_to_four_decimals_half_away_from_zero(string price, int seconds, string cost) =>
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture),
            new Rate(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), 0m, 0, 1).Cost(seconds));

    [Fact]
    public void Call_seconds_are_whole_seconds_rounded_up_at_least_one_once_answered_and_capped()
    {
        Assert.Equal(0, Rate.CallSeconds(null, T0));
        Assert.Equal(0, Rate.CallSeconds(T0, null));
        Assert.Equal(1, Rate.CallSeconds(T0, T0));
        Assert.Equal(60, Rate.CallSeconds(T0, T0.AddSeconds(60)));
        Assert.Equal(61, Rate.CallSeconds(T0, T0.AddSeconds(60.2)));
        Assert.Equal(Rate.MaxSeconds, Rate.CallSeconds(T0, T0.AddDays(3)));
    }

    [Theory]
    [InlineData(-0.01, 0, 0, 1)]
    [InlineData(0, -0.01, 0, 1)]
    [InlineData(0, 0, -1, 1)]
    [InlineData(0, 0, 3601, 1)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(0, 0, 0, 3601)]
    public void A_rate_outside_its_rules_cannot_exist(double price, double fee, int minimum, int increment) =>
        Assert.Throws<DomainException>(() => new Rate((decimal)price, (decimal)fee, minimum, increment));
}

public sealed class TariffTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_change_increments_the_version()
    {
        var tariff = Tariff.Create("Retail", "EUR", Now);
        var v = tariff.Version;

        tariff.Change("Retail 2", "EUR", Now.AddMinutes(1));
        tariff.Touch(Now.AddMinutes(2));
        tariff.MarkDefault(true, Now.AddMinutes(3));
        tariff.MarkDefault(true, Now.AddMinutes(4)); // no change

        Assert.Equal(v + 3, tariff.Version);
        Assert.Equal(Now.AddMinutes(3), tariff.UpdatedAt);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    public void A_currency_is_three_upper_case_letters(string currency) =>
        Assert.Throws<DomainException>(() => Tariff.Create("T", currency, Now));

    [Theory]
    [InlineData("")]
    [InlineData("+48")]
    [InlineData("48a")]
    [InlineData("1234567890123456")]
    public void A_prefix_is_one_to_fifteen_digits(string prefix) =>
        Assert.Throws<DomainException>(() => TariffRate.Create(Guid.NewGuid(), prefix, "", 0.1m, 0m, 0, 1));

    [Fact]
    public void A_rate_row_is_checked_by_Rate_and_reads_back_as_one()
    {
        Assert.Throws<DomainException>(() => TariffRate.Create(Guid.NewGuid(), "48", "", 0.1m, 0m, 0, 0));
        Assert.Throws<DomainException>(() => TariffRate.Create(Guid.NewGuid(), "48", new string('x', 101), 0.1m, 0m, 0, 1));
        var rate = TariffRate.Create(Guid.NewGuid(), "123456789012345", " Poland ", 0.1m, 0.02m, 30, 6);
        Assert.Equal("Poland", rate.Description);
        Assert.Equal(new Rate(0.1m, 0.02m, 30, 6), rate.ToRate());
    }
}
