using SmsCallback.Infrastructure.Security;

namespace SmsCallback.Infrastructure.IntegrationTests.Security;

public sealed class HmacPhoneCodesTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "smscallback-codes-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_code_matches_only_its_own_account_and_number_and_the_hash_does_not_contain_it()
    {
        var codes = new HmacPhoneCodes(new InstanceSecrets(_directory));
        var account = Guid.NewGuid();
        var code = codes.NewCode();

        var hash = codes.Hash(account, "+48501234567", code);

        Assert.Matches("^[0-9]{6}$", code);
        Assert.DoesNotContain(code, hash);
        Assert.True(codes.Matches(hash, account, "+48501234567", code));
        Assert.False(codes.Matches(hash, Guid.NewGuid(), "+48501234567", code));
        Assert.False(codes.Matches(hash, account, "+48501234568", code));
        Assert.False(codes.Matches(hash, account, "+48501234567", code == "000000" ? "000001" : "000000"));
        Assert.False(codes.Matches("not base64!", account, "+48501234567", code));
    }

    [Fact]
    public void The_key_is_kept_in_the_data_directory_so_another_instance_checks_the_same_hashes_and_a_new_key_voids_them()
    {
        var account = Guid.NewGuid();
        var hash = new HmacPhoneCodes(new InstanceSecrets(_directory)).Hash(account, "+48501234567", "123456");

        Assert.True(new HmacPhoneCodes(new InstanceSecrets(_directory)).Matches(hash, account, "+48501234567", "123456"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, HmacPhoneCodes.KeyFile)));

        File.Delete(Path.Combine(_directory, HmacPhoneCodes.KeyFile)); // rotation
        Assert.False(new HmacPhoneCodes(new InstanceSecrets(_directory)).Matches(hash, account, "+48501234567", "123456"));
    }
}
