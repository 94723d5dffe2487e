using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace ShopPortal.Tests.TestHost;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd writing every message into a Maildir.
/// `.ci/deps` installs python3-aiosmtpd.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private readonly Process process;

    private SmtpServer(Process process, int port, string mailbox)
    {
        this.process = process;
        Port = port;
        Mailbox = mailbox;
    }

    public int Port { get; }
    public string Mailbox { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        const string python = "/usr/bin/python3";
        var port = FreePort();
        var root = TempFolder.Create("shopportal-smtp");
        var mailbox = Path.Combine(root, "maildir");
        var process = Process.Start(new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", mailbox])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new AssertFailedException("Could not start aiosmtpd.");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new AssertFailedException("aiosmtpd exited (is python3-aiosmtpd installed? run .ci/deps): " + await process.StandardError.ReadToEndAsync());
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new SmtpServer(process, port, mailbox);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        process.Kill();
        throw new AssertFailedException("aiosmtpd did not start listening.");
    }

    /// <summary>Waits until <paramref name="count"/> messages arrived and returns them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var folder = Path.Combine(Mailbox, "new");
        while (true)
        {
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
            if (files.Length >= count || DateTime.UtcNow > deadline)
            {
                var messages = new List<MimeMessage>();
                foreach (var file in files.Order())
                {
                    messages.Add(await MimeMessage.LoadAsync(file));
                }
                return messages;
            }
            await Task.Delay(100);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        process.Dispose();
        TempFolder.Delete(Path.GetDirectoryName(Mailbox)!);
    }
}

public static class Eventually
{
    /// <summary>Polls until the condition holds (jobs run in the background), failing with <paramref name="what"/> after the deadline.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertFailedException($"Timed out waiting for {what}; last value: {value}");
            }
            await Task.Delay(100);
        }
    }
}
