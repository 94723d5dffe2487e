using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopPortal.Services;

/// <summary>
/// Lets SQLite itself wait (in steps of a few milliseconds) for another connection's write to commit.
/// Without it, Microsoft.Data.Sqlite sees SQLITE_BUSY and retries after a fixed pause of a sizable fraction
/// of a second, so a customer's click could wait behind an email being queued far longer than the write takes.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
