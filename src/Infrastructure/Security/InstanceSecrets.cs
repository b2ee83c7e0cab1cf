using System.Security.Cryptography;

namespace SmsCallback.Infrastructure.Security;

/// <summary>Secrets the service needs but was not given: generated once with a cryptographic random source and kept in files
/// (mode 600 on Unix) in the data directory, so every later start and every instance sharing the directory uses the same ones.
/// Also the helpers that keep the data files (databases, secrets, keys) the owner's only on Unix: files 0600, directories 0700.</summary>
public sealed class InstanceSecrets(string dataDirectory) : Application.Common.Interfaces.IInstanceSecrets
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    /// <returns>The secret, and whether it was created just now (so a person may need to be told it once).</returns>
    public (string Value, bool Created) GetOrCreate(string fileName, Func<string> generate)
    {
        var path = Path.Combine(DataDirectory, fileName);
        if (File.Exists(path)) return (File.ReadAllText(path).Trim(), false);

        CreatePrivateDirectory(DataDirectory);
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

    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    /// <summary>Creates the directory (and missing parents) as the owner's only (0700 on Unix). An existing directory is left as it is:
    /// it may be one the operator chose and shares.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerDirectory);
    }

    /// <summary>Makes a directory of ours the owner's only (0700), whether we create it now or it exists (the Data Protection keys).</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        CreatePrivateDirectory(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, OwnerDirectory);
    }

    /// <summary>Makes a file of ours readable and writable by the owner only (0600 on Unix): created empty with that mode before anything
    /// else creates it (an empty file is a valid new SQLite database), or narrowed when it exists. SQLite gives its -wal, -shm and -journal
    /// files the mode of the database file; existing ones are narrowed too.</summary>
    public static void EnsurePrivateFile(string path, bool withSqliteCompanions = false)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) CreatePrivateDirectory(directory);
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile })) { }
        }
        catch (IOException) when (File.Exists(path))
        {
            // it exists (another instance or an earlier start created it): narrowed below
        }
        foreach (var file in withSqliteCompanions ? new[] { path, path + "-wal", path + "-shm", path + "-journal" } : [path])
            if (File.Exists(file) && File.GetUnixFileMode(file) != OwnerFile)
                File.SetUnixFileMode(file, OwnerFile);
    }

    /// <summary>Narrows every file already in a directory of ours (Data Protection writes its key files with the process's umask).</summary>
    public static void EnsurePrivateFiles(string directory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory))
            if (File.GetUnixFileMode(file) != OwnerFile) File.SetUnixFileMode(file, OwnerFile);
    }

    public static string RandomToken(int bytes = 32) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A password a person can type: letters and digits without look-alikes.</summary>
    public static string RandomPassword(int length = 16)
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
