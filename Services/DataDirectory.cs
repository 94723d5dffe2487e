namespace ShopPortal.Services;

/// <summary>
/// The one folder the app writes to: the database, the Data Protection key ring and mail files.
/// Backing up this folder backs up the shop.
/// </summary>
public sealed class DataDirectory
{
    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
        Create(Root);
        Create(KeysPath);
        Create(MailPath);
    }

    public string Root { get; }
    public string DatabasePath => Path.Combine(Root, "shopportal.db");
    public string KeysPath => Path.Combine(Root, "keys");
    public string MailPath => Path.Combine(Root, "mail");

    // The database holds password hashes and customers' details, and mail files hold live password reset links:
    // a folder the app creates is its owner's alone. A folder that exists keeps the permissions it was given.
    private static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Setting <c>DataDirectory</c>; relative paths are taken from the app's content root.</summary>
    public static DataDirectory FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured;
        return new DataDirectory(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
    }
}
