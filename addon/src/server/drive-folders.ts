import type { AddonPorts } from './ports';

function folderNamed(parent: GoogleAppsScript.Drive.Folder, name: string): GoogleAppsScript.Drive.Folder {
  const found = parent.getFoldersByName(name);
  return found.hasNext() ? found.next() : parent.createFolder(name);
}

/** "Acme / Sons: Ltd." as a folder name Drive and people both read. */
const folderName = (customer: string) =>
  customer
    .replace(/[\\/:*?"<>|\r\n]+/g, ' ')
    .trim()
    .slice(0, 100) || 'Unnamed customer';

/** `<root>/<customer>` in the user's Drive, made on first use. */
export function customerFolder(ports: AddonPorts, root: string, customer: string): GoogleAppsScript.Drive.Folder {
  return folderNamed(folderNamed(ports.DriveApp.getRootFolder(), root), folderName(customer));
}
