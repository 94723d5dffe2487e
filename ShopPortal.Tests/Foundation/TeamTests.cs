using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class TeamTests
{
    [TestMethod]
    public async Task Manager_adds_a_technician_who_can_sign_in_and_log_labor_but_not_manage()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var manager = await app.SignInAsync();
        var team = await manager.GetPageAsync("/Team");
        var added = await manager.SubmitPageAsync(team.Form("main form[method=post]"), new()
        {
            ["Input.DisplayName"] = "Tess Tech",
            ["Input.Email"] = "tess@shop.test",
            ["Input.Role"] = "Technician",
            ["Input.Password"] = "Tess-password-1",
        });
        StringAssert.Contains(added.Text, "Tess Tech can now sign in");

        var tess = await app.SignInAsync("tess@shop.test", "Tess-password-1");
        var item = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == "WO-1002").Select(d => new { d.WorkOrderId, d.Id }).FirstAsync());
        var itemPage = await tess.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        await tess.SubmitAsync(itemPage.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "1.5" });
        Assert.AreEqual("Tess Tech", await app.WithDbAsync(db => db.LaborEntries.Where(l => l.DiscrepancyId == item.Id).Select(l => l.TechnicianName).SingleAsync()));
        Assert.AreEqual(HttpStatusCode.Forbidden, (await tess.GetAsync("/Team")).StatusCode);
    }

    [TestMethod]
    public async Task Adding_an_address_already_on_the_team_says_so_once_and_adds_nobody()
    {
        using var app = new TestApp();
        var manager = await app.SignInAsync();
        var team = await manager.GetPageAsync("/Team");
        var refused = await manager.SubmitPageAsync(team.Form("main form[method=post]"), new()
        {
            ["Input.DisplayName"] = "Second Manager",
            ["Input.Email"] = TestApp.ManagerEmail.ToUpperInvariant(),
            ["Input.Role"] = "Manager",
            ["Input.Password"] = "Second-password-1",
        });
        var message = $"{TestApp.ManagerEmail.ToUpperInvariant()} already belongs to a member of the team.";
        Assert.AreEqual(1, refused.Text.Split(message).Length - 1, "Said once, not once for the user name and again for the email.");
        Assert.IsFalse(refused.Text.Contains("is already taken", StringComparison.Ordinal));
        Assert.AreEqual(1, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [TestMethod]
    public async Task Manager_resets_a_password_and_ends_the_lockout()
    {
        using var app = new TestApp(settings: new Dictionary<string, string?> { ["Security:MaxFailedSignIns"] = "1" });
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = app.CreateBrowserClient();
        var login = await technician.GetPageAsync("/Account/Login");
        var lockedOut = await technician.SubmitPageAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.TechnicianEmail, ["Input.Password"] = "guess" });
        Assert.AreEqual("/Identity/Account/Lockout", lockedOut.Url.AbsolutePath);
        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        var page = await manager.SubmitPageAsync(edit.Form("form[action*='handler=Password']"), new() { ["Password.NewPassword"] = "Brand-new-pass-2" });
        StringAssert.Contains(page.Text, "Password reset");
        await app.SignInAsync(TestApp.TechnicianEmail, "Brand-new-pass-2");
    }

    [TestMethod]
    public async Task The_last_manager_cannot_be_demoted_or_removed()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.Id).SingleAsync());

        var edit = await client.GetPageAsync($"/Team/Edit/{id}");
        var page = await client.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.Role"] = "Technician" });
        StringAssert.Contains(page.Text, "last manager");
        page = await client.SubmitPageAsync(edit.Form("form[action*='handler=Delete']"));
        StringAssert.Contains(page.Text, "last manager");

        Assert.AreEqual(1, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/Team")).StatusCode, "Still a manager.");
    }

    [TestMethod]
    public async Task A_manager_can_be_demoted_once_another_manager_exists()
    {
        using var app = new TestApp();
        var other = await app.CreateStaffAsync("second@shop.test", Roles.Manager, "Second Manager");
        var client = await app.SignInAsync();
        var edit = await client.GetPageAsync($"/Team/Edit/{other}");
        var page = await client.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.Role"] = "Technician" });
        StringAssert.Contains(page.Text, "saved as Technician");
    }

    [TestMethod]
    public async Task A_renamed_member_signs_with_the_new_name_from_their_next_request_without_signing_in_again()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.CreateStaffAsync("tina@shop.test", Roles.Technician, "Tina Tech");
        var tina = await app.SignInAsync("tina@shop.test");
        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        await manager.SubmitAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.DisplayName"] = "Tina Torres", ["Profile.Role"] = "Technician" });

        var workOrder = await tina.GetPageAsync($"/WorkOrders/{await app.WorkOrderIdAsync("WO-1001")}");
        var reply = workOrder.FormWithButton("Post reply on item 1");
        await tina.SubmitAsync(reply.Form, new() { ["reply.Body"] = "Tire ordered." }, reply.Button);
        Assert.AreEqual("Tina Torres", await app.WithDbAsync(db => db.Comments.Where(c => c.Body == "Tire ordered.").Select(c => c.AuthorName).SingleAsync()));
    }
}
