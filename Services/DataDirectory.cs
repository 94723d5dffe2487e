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
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(KeysPath);
        Directory.CreateDirectory(MailPath);
    }

    public string Root { get; }
    public string DatabasePath => Path.Combine(Root, "shopportal.db");
    public string KeysPath => Path.Combine(Root, "keys");
    public string MailPath => Path.Combine(Root, "mail");

    /// <summary>Setting <c>DataDirectory</c>; relative paths are taken from the app's content root.</summary>
    public static DataDirectory FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured) ? "App_Data" : configured;
        return new DataDirectory(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path));
    }
}
