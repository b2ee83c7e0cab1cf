using System.Security.Cryptography;

namespace SmsCallback.Infrastructure.Security;

/// <summary>Secrets the service needs but was not given: generated once with a cryptographic random source and kept in files
/// (mode 600 on Unix) in the data directory, so every later start and every instance sharing the directory uses the same ones.</summary>
public sealed class InstanceSecrets(string dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    /// <returns>The secret, and whether it was created just now (so a person may need to be told it once).</returns>
    public (string Value, bool Created) GetOrCreate(string fileName, Func<string> generate)
    {
        var path = Path.Combine(DataDirectory, fileName);
        if (File.Exists(path)) return (File.ReadAllText(path).Trim(), false);

        Directory.CreateDirectory(DataDirectory);
        var value = generate();
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(temp, fileOptions))
            writer.Write(value);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another instance created it first: use theirs
            return (File.ReadAllText(path).Trim(), false);
        }
        return (value, true);
    }

    public static string RandomToken(int bytes = 32) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A password a person can type: letters and digits without look-alikes.</summary>
    public static string RandomPassword(int length = 16)
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
