using ShopPortal.Services;
using ShopPortal.Services.Backup;

var builder = WebApplication.CreateBuilder(args);
if (await BackupCommand.TryRunAsync(args, builder))
{
    return;
}
builder.AddShopPortal();

var app = builder.Build();
await DatabaseSetup.InitializeAsync(app.Services);
Jobs.Start(app.Services);
app.UseShopPortal();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
