import type { UserView } from '@/components/api/use-users';
import { formatDateTime } from '@/components/format/format';

export function UsersTable({ users }: { users: UserView[] }) {
  return (
    <div className="panel table-wrap">
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th>User name</th>
            <th>Role</th>
            <th>Created</th>
            <th>Last sign-in</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row" data-username={u.username}>
              <td>{u.username}</td>
              <td>
                <span className={`badge badge-role-${u.role}`}>{u.role}</span>
              </td>
              <td className="num" style={{ textAlign: 'left' }}>
                {formatDateTime(u.createdAt)}
              </td>
              <td className={`num ${u.lastLoginAt ? '' : 'faint'}`} style={{ textAlign: 'left' }}>
                {u.lastLoginAt ? formatDateTime(u.lastLoginAt) : 'never'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
