// The stack floor: the benchmark anchor's page (../shared/bench/anchor) in a process that also loads and uses, once
// each, the libraries DESIGN.md fixes for ShopPortal: Identity on EF Core (one account created and its password
// checked), Hangfire with its in-memory storage (one job run), MimeKit (one message written) and SkiaSharp (one PDF,
// drawn with the shipped font, then served from memory as ShopPortal serves its PDFs). It runs with ShopPortal's
// memory settings (see StackFloor.csproj). bench/stack-floor.sh builds it from the anchor's source and measures its
// peak memory under the same load as bench/run.sh: what the fixed stack costs before any of ShopPortal's own code.
using AnchorApp;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using SkiaSharp;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddRazorPages();
var path = Path.Combine(Path.GetTempPath(), $"anchor-{Environment.ProcessId}.db");
builder.Services.AddDbContext<Db>(o => o.UseSqlite($"Data Source={path}"));
builder.Services.AddDbContext<Accounts>(o => o.UseSqlite($"Data Source={path}.accounts"));
builder.Services.AddDefaultIdentity<IdentityUser>().AddEntityFrameworkStores<Accounts>();
builder.Services.AddHangfire(c => c.UseInMemoryStorage());
builder.Services.AddHangfireServer();
var app = builder.Build();
using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<Db>();
    db.Database.EnsureDeleted();
    db.Database.EnsureCreated();
    db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    var order = new Order { Number = "WO-1001", Customer = "Skyline Aviation" };
    for (var i = 1; i <= 20; i++)
        order.Items.Add(new Item
        {
            Seq = i,
            Description = $"Inspect and repair item {i} per maintenance manual",
            Action = "Replaced seal, torqued fittings, leak-checked",
            Hours = 1.5m + i % 4,
            Parts = 42.10m * (i % 3),
        });
    db.Orders.Add(order);
    db.SaveChanges();

    var accounts = scope.ServiceProvider.GetRequiredService<Accounts>();
    accounts.Database.EnsureDeleted();
    accounts.Database.EnsureCreated();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
    var user = new IdentityUser { UserName = "manager@shop.test", Email = "manager@shop.test" };
    await users.CreateAsync(user, "Floor-Passw0rd!");
    await users.CheckPasswordAsync(user, "Floor-Passw0rd!");
}
app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Mail.Write("Your estimate is ready"));

// Drawn once, by the first request, however many arrive together (ShopPortal renders each version's PDF once).
var pdf = new Lazy<byte[]>(() => Estimate.Draw(order: "WO-1001"));
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/healthz", () => "ok");
app.MapGet("/pdf", () => Results.File(pdf.Value, "application/pdf"));
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.Run();

public class Accounts(DbContextOptions<Accounts> options) : IdentityDbContext(options);

public static class Mail
{
    public static void Write(string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("Shop", "shop@shop.test"));
        message.To.Add(new MailboxAddress("Customer", "customer@shop.test"));
        message.Body = new TextPart("plain") { Text = subject };
        message.WriteTo(Stream.Null);
    }
}

public static class Estimate
{
    public static byte[] Draw(string order)
    {
        using var font = typeof(Estimate).Assembly.GetManifestResourceStream("StackFloor.DejaVuSans.ttf")!;
        using var typeface = SKTypeface.FromStream(font);
        using var text = new SKFont(typeface, 11);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            var canvas = document.BeginPage(612, 792);
            canvas.DrawText($"Estimate {order}", 54, 60, text, ink);
            for (var i = 1; i <= 20; i++)
                canvas.DrawText($"{i}. Inspect and repair item {i} per maintenance manual", 54, 80 + i * 16, text, ink);
            document.EndPage();
        }
        return stream.ToArray();
    }
}
