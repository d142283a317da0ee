import { Forbidden } from "./_forms/forbidden";

/**
 * Shown with HTTP 403 wherever a page calls forbidden(): the signed-in person may not use it.
 * Nothing on this page can write.
 */
export default function ForbiddenPage() {
  return (
    <Forbidden title="You cannot use this page">
      <p>
        Admin pages are for admins. An objective or key result can be changed by its owner, by its team’s lead
        and by admins; a check-in by the key result’s owners. Everyone signed in can read every OKR.
      </p>
      <p>Ask an admin of your organisation if something here needs to change.</p>
    </Forbidden>
  );
}
