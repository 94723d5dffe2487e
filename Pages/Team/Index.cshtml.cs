using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Pages.Team;

/// <summary>Managers list the staff and add new members. There is no self-registration.</summary>
public class IndexModel(ShopDbContext db, UserManager<ShopUser> users, TimeProvider clock) : PageModel
{
    [BindProperty]
    public NewMemberInput Input { get; set; } = new();

    public IReadOnlyList<Member> Members { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed record Member(string Id, string DisplayName, string? Email, string Role, bool LockedOut);

    public class NewMemberInput
    {
        [Required, StringLength(100)]
        [Display(Name = "Name")]
        public string DisplayName { get; set; } = "";

        [Required, EmailAddress, MailAddress, StringLength(256)]
        [Display(Name = "Email (their sign-in name)")]
        public string Email { get; set; } = "";

        [Required, RegularExpression("^(Manager|Technician)$", ErrorMessage = "Choose Manager or Technician.")]
        public string Role { get; set; } = Roles.Technician;

        [Required, StringLength(100, MinimumLength = 8, ErrorMessage = "The password must be at least 8 characters long.")]
        [DataType(DataType.Password)]
        [Display(Name = "Initial password")]
        public string Password { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var user = new ShopUser { UserName = Input.Email.Trim(), Email = Input.Email.Trim(), EmailConfirmed = true, DisplayName = Input.DisplayName.Trim() };
        var result = await users.CreateAsync(user, Input.Password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Input.Role);
        }
        if (!result.Succeeded)
        {
            // A taken address is both a taken user name and a taken email here: say it once.
            foreach (var error in result.Errors.DistinctBy(e => e.Description))
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }
            await LoadAsync(cancellationToken);
            return Page();
        }
        StatusMessage = $"{user.DisplayName} can now sign in as {user.Email} ({Input.Role}).";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Email,
                u.LockoutEnd,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        Members = rows.ConvertAll(u => new Member(u.Id, u.DisplayName, u.Email, u.Role ?? "None", u.LockoutEnd > now));
    }
}
