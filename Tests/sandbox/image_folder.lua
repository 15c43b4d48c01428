-- attempt: list and read a directory with data.ImageFolderDataset
-- exit: 1
-- stderr: attempt to call a nil value (field 'ImageFolderDataset')
data.ImageFolderDataset("/etc")
