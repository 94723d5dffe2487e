using ShopPortal.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddShopPortal();

var app = builder.Build();
await DatabaseSetup.InitializeAsync(app.Services);
Jobs.Start(app.Services);
app.UseShopPortal();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
