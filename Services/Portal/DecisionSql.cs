using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ShopPortal.Data;

namespace ShopPortal.Services.Portal;

/// <summary>
/// The decision writer's SQL. Customer clicks are the app's hottest write, and EF Core's change tracking and
/// update pipeline took half the writer's time under load; these four statements are prepared once per batch and
/// run once per row. Table and column names and the conversion of every value (enums, binary timestamps) come
/// from the EF Core model, so rows written here read back through EF Core exactly as if it had written them, and
/// a column added to the audit trail is written without a change here.
/// </summary>
internal sealed class DecisionSql
{
    /// <summary>The item columns a decision sets, each with its value.</summary>
    private static readonly (string Property, Func<DecisionChange, object?> Value)[] ApprovalColumns =
    [
        (nameof(Discrepancy.ApprovalStatus), c => c.ApprovalStatus),
        (nameof(Discrepancy.ApprovalChangedAt), c => c.ApprovalChangedAt),
        (nameof(Discrepancy.ApprovalChangedBy), c => c.ApprovalChangedBy),
        (nameof(Discrepancy.ApprovalMethod), c => c.ApprovalMethod),
        (nameof(Discrepancy.ApprovalAccessKeyId), c => c.ApprovalAccessKeyId),
        (nameof(Discrepancy.RejectionReason), c => c.RejectionReason),
        (nameof(Discrepancy.ApprovedAmount), _ => null),
    ];

    private readonly string readItem;
    private readonly string updateItem;
    private readonly string insertActivity;
    private readonly string touchWorkOrder;
    private readonly Column[] approval;
    private readonly Column[] activity;
    private readonly Column updatedAt;

    public DecisionSql(IModel model)
    {
        var items = model.FindEntityType(typeof(Discrepancy))!;
        var activities = model.FindEntityType(typeof(PortalActivity))!;
        var workOrders = model.FindEntityType(typeof(WorkOrder))!;
        string Table(IEntityType type) => Quote(type.GetTableName()!);
        string Name(IEntityType type, string property) => Quote(type.FindProperty(property)!.GetColumnName());
        var itemId = Name(items, nameof(Discrepancy.Id));

        // The work order's status comes with the item, read under the batch's write lock like the item itself.
        var status = new Column(workOrders.FindProperty(nameof(WorkOrder.Status))!);
        var closed = string.Join(", ", WorkOrderStatuses.ClosedToDecisions.Select(s => Literal(status.ToProvider(s))));
        readItem = $"SELECT d.{Name(items, nameof(Discrepancy.WorkOrderId))}, d.{Name(items, nameof(Discrepancy.Sequence))}, "
            + $"d.{Name(items, nameof(Discrepancy.AuthorizationId))}, w.{status.Name} IN ({closed}), d.{Name(items, nameof(Discrepancy.Version))} "
            + $"FROM {Table(items)} AS d JOIN {Table(workOrders)} AS w ON w.{Name(workOrders, nameof(WorkOrder.Id))} = d.{Name(items, nameof(Discrepancy.WorkOrderId))} "
            + $"WHERE d.{itemId} = $id";

        approval = [.. ApprovalColumns.Select(c => new Column(items.FindProperty(c.Property)!))];
        updateItem = $"UPDATE {Table(items)} SET {string.Join(", ", approval.Select((c, i) => $"{c.Name} = $p{i}"))} WHERE {itemId} = $id";

        // Every column of the audit row but its generated key, each read from its CLR property.
        activity = [.. activities.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => p.IsShadowProperty()
            ? throw new InvalidOperationException($"{nameof(PortalActivity)}.{p.Name} has no CLR property for the decision writer to read.")
            : new Column(p))];
        insertActivity = $"INSERT INTO {Table(activities)} ({string.Join(", ", activity.Select(c => c.Name))}) "
            + $"VALUES ({string.Join(", ", activity.Select((_, i) => $"$p{i}"))})";

        updatedAt = new Column(workOrders.FindProperty(nameof(WorkOrder.UpdatedAt))!);
        touchWorkOrder = $"UPDATE {Table(workOrders)} SET {updatedAt.Name} = $p0 WHERE {Name(workOrders, nameof(WorkOrder.Id))} = $id";
    }

    /// <summary>The statements on one connection, inside the batch's transaction.</summary>
    public Commands Prepare(SqliteConnection connection, SqliteTransaction transaction) => new(this, connection, transaction);

    private static string Literal(object value) => value switch
    {
        int or long or short or byte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
        _ => throw new InvalidOperationException($"No SQL literal for {value.GetType()}."),
    };

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed class Column(IProperty property)
    {
        private readonly ValueConverter? converter = property.GetTypeMapping().Converter;

        public string Name { get; } = Quote(property.GetColumnName());

        public IProperty Property => property;

        public object ToProvider(object? value) => value is null ? DBNull.Value : (converter is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
    }

    /// <summary>
    /// Microsoft.Data.Sqlite runs its async methods synchronously, so these are plain calls; each command keeps its
    /// prepared statement between rows.
    /// </summary>
    internal sealed class Commands : IDisposable
    {
        private readonly DecisionSql sql;
        private readonly SqliteCommand readItem;
        private readonly SqliteCommand updateItem;
        private readonly SqliteCommand insertActivity;
        private readonly SqliteCommand touchWorkOrder;

        public Commands(DecisionSql sql, SqliteConnection connection, SqliteTransaction transaction)
        {
            this.sql = sql;
            readItem = Command(connection, transaction, sql.readItem, values: 0, byId: true);
            updateItem = Command(connection, transaction, sql.updateItem, sql.approval.Length, byId: true);
            insertActivity = Command(connection, transaction, sql.insertActivity, sql.activity.Length, byId: false);
            touchWorkOrder = Command(connection, transaction, sql.touchWorkOrder, values: 1, byId: true);
        }

        public DecisionTarget? ReadItem(int id)
        {
            readItem.Parameters["$id"].Value = id;
            using var reader = readItem.ExecuteReader();
            return reader.Read() ? new DecisionTarget(id, reader.GetInt32(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetBoolean(3), reader.GetInt32(4))
                : null;
        }

        public void UpdateItem(int id, DecisionChange change)
        {
            for (var i = 0; i < sql.approval.Length; i++)
            {
                updateItem.Parameters[i].Value = sql.approval[i].ToProvider(ApprovalColumns[i].Value(change));
            }
            Execute(updateItem, id, $"Item {id} does not exist.");
        }

        public void InsertActivity(PortalActivity row)
        {
            for (var i = 0; i < sql.activity.Length; i++)
            {
                var column = sql.activity[i];
                insertActivity.Parameters[i].Value = column.ToProvider(column.Property.GetGetter().GetClrValue(row));
            }
            insertActivity.ExecuteNonQuery();
        }

        /// <summary>The work order's <see cref="WorkOrder.UpdatedAt"/>, as <see cref="ShopDbContext.TouchWorkOrderAsync"/> sets it.</summary>
        public void TouchWorkOrder(int id, DateTimeOffset now)
        {
            touchWorkOrder.Parameters[0].Value = sql.updatedAt.ToProvider(now);
            Execute(touchWorkOrder, id, $"Work order {id} does not exist.");
        }

        public void Dispose()
        {
            readItem.Dispose();
            updateItem.Dispose();
            insertActivity.Dispose();
            touchWorkOrder.Dispose();
        }

        private static void Execute(SqliteCommand command, int id, string missing)
        {
            command.Parameters["$id"].Value = id;
            if (command.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException(missing);
            }
        }

        private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string text, int values, bool byId)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = text;
            for (var i = 0; i < values; i++)
            {
                command.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value));
            }
            if (byId)
            {
                command.Parameters.Add(new SqliteParameter("$id", DBNull.Value));
            }
            command.Prepare();
            return command;
        }
    }
}
