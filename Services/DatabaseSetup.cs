using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>Start-up work on the database: migrations, WAL, unattended first manager and demo data.</summary>
public static class DatabaseSetup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<ShopDbContext>();
        var configuration = provider.GetRequiredService<IConfiguration>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup));

        await db.Database.MigrateAsync(cancellationToken);
        await EnsureWalAsync(db, cancellationToken);
        await EnsureRolesAsync(provider.GetRequiredService<RoleManager<IdentityRole>>());

        var email = configuration["Bootstrap:ManagerEmail"];
        var password = configuration["Bootstrap:ManagerPassword"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrWhiteSpace(password)
            && !await db.Users.AnyAsync(cancellationToken))
        {
            var users = provider.GetRequiredService<UserManager<ShopUser>>();
            var result = await CreateManagerAsync(users, email, password, configuration["Bootstrap:ManagerName"] ?? "Shop Manager");
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Bootstrap manager could not be created: "
                    + string.Join(" ", result.Errors.Select(e => e.Description)));
            }
            logger.LogInformation("Created the first manager from configuration");
        }

        if (!await db.ShopSettings.AnyAsync(cancellationToken) && await db.Users.AnyAsync(cancellationToken))
        {
            db.ShopSettings.Add(ShopProfile.Defaults());
            await db.SaveChangesAsync(cancellationToken);
        }

        if (configuration.GetValue<bool>("Demo:Seed") && await SampleData.LoadIfEmptyAsync(db, provider.GetRequiredService<TimeProvider>(), cancellationToken))
        {
            logger.LogInformation("Loaded the sample data into the empty database");
        }

        // Migrations and seeding leave megabytes of garbage on a server that should stay small: hand them back
        // to the operating system before serving.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public static async Task<IdentityResult> CreateManagerAsync(UserManager<ShopUser> users, string email, string password, string displayName)
    {
        var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? await users.AddToRoleAsync(user, Roles.Manager) : created;
    }

    private static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    // WAL lets customers read while a writer commits; the mode is stored in the file, so setting it once
    // is enough, but we check it every start because a restored or copied database may have lost it.
    private static async Task EnsureWalAsync(ShopDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL mode (journal_mode is '{mode}').");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
