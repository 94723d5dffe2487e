using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ShopPortal.Services.Email;

/// <summary>SMTP settings (section <c>Smtp</c>). Without a host, mail is written to files instead.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>None, StartTls, SslOnConnect or Auto.</summary>
    public string Security { get; set; } = "Auto";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Hands one message to the world: an SMTP server, or an .eml file in the data folder.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>MailKit over SMTP. A connection per message: a shop sends a few dozen emails a day.</summary>
public sealed class SmtpMailTransport(Microsoft.Extensions.Options.IOptions<SmtpOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = smtp.Security.ToUpperInvariant() switch
        {
            "NONE" => SecureSocketOptions.None,
            "STARTTLS" => SecureSocketOptions.StartTls,
            "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>Out of the box, without SMTP: each message becomes an .eml file under the data folder's mail/.</summary>
public sealed class PickupFolderTransport(DataDirectory data) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        // Named after the Message-ID (one per outbox row): a message already here was delivered before a crash.
        var name = message.MessageId is { } id ? id.Split('@')[0] : Guid.NewGuid().ToString("N");
        var path = Path.Combine(data.MailPath, $"{name}.eml");
        if (File.Exists(path))
        {
            return;
        }
        // 7-bit, as an SMTP server would be handed it: names like Järvinen travel quoted-printable, so the file
        // opens the same in any mail program or relay it is later fed to.
        message.Prepare(EncodingConstraint.SevenBit);
        // Write then rename, so a reader never sees half a message.
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: false);
    }
}
