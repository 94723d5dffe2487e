using Hangfire;
using Hangfire.Dashboard;
using ShopPortal.Data;
using ShopPortal.Services.Email;
using ShopPortal.Services.Portal;

namespace ShopPortal.Services;

/// <summary>The background jobs: email delivery and its safety net, notifications, key cleanup.</summary>
public static class Jobs
{
    public static IServiceCollection AddShopJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        // Tests that simulate a crash between commit and delivery start the app without workers.
        if (configuration.GetValue("Jobs:RunServer", true))
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = 2;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
                options.ServerName = "shopportal";
            });
        }
        return services;
    }

    /// <summary>Registers the recurring jobs and re-queues what the last run left pending.</summary>
    public static void Start(IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<EmailDelivery>("email-redispatch", d => d.RedispatchAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<CustomerNotificationJob>("customer-notification-sweep", j => j.SweepAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<PortalKeyCleanup>("portal-key-cleanup", c => c.RunAsync(CancellationToken.None), Cron.Daily(3, 17));
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<EmailDelivery>(d => d.DispatchAllPendingAsync(CancellationToken.None));
    }
}

/// <summary>The dashboard is for managers. The endpoint also requires the ManagerOnly policy; this is the second lock.</summary>
public sealed class ManagerDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Manager);
}
