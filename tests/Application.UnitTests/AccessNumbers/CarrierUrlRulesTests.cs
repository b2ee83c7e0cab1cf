using System.Net;
using SmsCallback.Application.AccessNumbers;

namespace SmsCallback.Application.UnitTests.AccessNumbers;

public sealed class CarrierUrlRulesTests
{
    [Theory]
    [InlineData("https://api.twilio.com")]
    [InlineData("https://rest.nexmo.com/")]
    [InlineData("https://8.8.8.8/")]
    [InlineData("https://[2606:4700::1111]/")]
    public void Public_https_urls_are_allowed(string url) => Assert.Null(CarrierUrlRules.Check(url, allowLoopback: false));

    [Theory]
    [InlineData("http://api.twilio.com", "https")]
    [InlineData("ftp://api.twilio.com", "https")]
    [InlineData("api.twilio.com", "https")]
    [InlineData("https://user:pw@api.twilio.com", "user name")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "private")]
    [InlineData("https://10.0.0.1", "private")]
    [InlineData("https://172.16.5.4", "private")]
    [InlineData("https://172.31.255.255", "private")]
    [InlineData("https://192.168.0.1", "private")]
    [InlineData("https://100.64.0.1", "private")]
    [InlineData("https://0.0.0.0", "private")]
    [InlineData("https://[fe80::1]", "private")]
    [InlineData("https://[fd12:3456::1]", "private")]
    [InlineData("https://[::ffff:10.0.0.1]", "private")]
    [InlineData("http://127.0.0.1:8080", "this machine")]
    [InlineData("https://[::1]/", "this machine")]
    [InlineData("https://localhost/", "this machine")]
    [InlineData("https://api.localhost/", "this machine")]
    public void Other_urls_are_refused_with_the_reason(string url, string reason) =>
        Assert.Contains(reason, CarrierUrlRules.Check(url, allowLoopback: false));

    [Theory]
    [InlineData("http://127.0.0.1:8080/cgi-bin/sendsms")]
    [InlineData("http://localhost:13013/")]
    [InlineData("https://[::1]/")]
    public void The_development_setting_allows_loopback_over_http(string url) => Assert.Null(CarrierUrlRules.Check(url, allowLoopback: true));

    [Theory]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://169.254.169.254/")]
    [InlineData("http://api.twilio.com/")]
    public void The_development_setting_allows_nothing_else(string url) => Assert.NotNull(CarrierUrlRules.Check(url, allowLoopback: true));

    [Theory]
    [InlineData("127.0.0.1", true, true)]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("10.1.1.1", true, false)]
    [InlineData("169.254.169.254", true, false)]
    [InlineData("192.0.2.2", true, false)]
    [InlineData("fd00::2", true, false)]
    [InlineData("93.184.216.34", false, true)]
    public void Resolved_addresses_are_checked_the_same_way(string address, bool allowLoopback, bool allowed) =>
        Assert.Equal(allowed, CarrierUrlRules.IsAllowedAddress(IPAddress.Parse(address), allowLoopback));
}
