"""My photo on Me: choose a picture, cut its square, send it; or remove it.

A photo is checked and re-encoded by the server (docs/protocol.md, Photos), so unlike
the profile fields it is not saved offline first: while the server cannot be reached
the box says so and nothing changes. The file dialog is Qt's own (not the desktop's
native one), kept as `file_dialog` while open: it looks the same everywhere and can be
driven by its API.
"""

from __future__ import annotations

from desktop.avatar import avatar_of
from desktop.context import ViewContext
from desktop.qt import (
    QFileDialog,
    QHBoxLayout,
    QImage,
    QImageReader,
    QLabel,
    QPushButton,
    QStandardPaths,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)
from desktop.views.me.photo_crop import PhotoCropDialog
from sync.cache.read.photos import photo_digest

PHOTO_SIDE = 96
# Pictures larger than this are refused here already (the server's max_photo_pixels).
MAX_PIXELS = 40_000_000


class MyPhotoBox(QWidget):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.file_dialog: QFileDialog | None = None
        self.crop_dialog: PhotoCropDialog | None = None
        self.sending = False
        self.picture = QLabel()
        self.picture.setObjectName("myPhoto")
        self.picture.setFixedSize(PHOTO_SIDE, PHOTO_SIDE)
        self.picture.setAccessibleName(self.tr("My photo"))
        self.change_button = QPushButton(self.tr("Change &photo…"))
        self.change_button.setObjectName("changePhoto")
        self.change_button.setAccessibleName(self.tr("Change photo"))
        self.change_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton(self.tr("Remo&ve photo"))
        self.remove_button.setObjectName("removePhoto")
        self.remove_button.setAccessibleName(self.tr("Remove photo"))
        self.remove_button.clicked.connect(self.remove)
        self.note = QLabel()
        self.note.setObjectName("photoNote")
        self.note.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.note)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons, 1)
        ctx.bridge.photoSent.connect(self._sent, Qt.ConnectionType.QueuedConnection)

    def refresh(self) -> None:
        me = self.ctx.me
        self.picture.setPixmap(avatar_of(self.ctx.cache, me, PHOTO_SIDE))
        has_photo = bool(me) and photo_digest(self.ctx.cache, me or "") is not None
        self.remove_button.setEnabled(has_photo and not self.sending)
        self.change_button.setEnabled(not self.sending)

    # -- choosing --------------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a photo"))
        dialog.setObjectName("photoFileDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Pictures (*.jpg *.jpeg *.png *.webp)"))
        dialog.setDirectory(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.PicturesLocation))
        dialog.fileSelected.connect(self.crop_file)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    @Slot(str)
    def crop_file(self, path: str) -> None:
        self.file_dialog = None
        reader = QImageReader(path)
        reader.setAutoTransform(True)  # upright, as the camera meant it
        size = reader.size()
        if size.isValid() and size.width() * size.height() > MAX_PIXELS:
            self.note.setText(self.tr("This picture is too large (more than 40 megapixels)."))
            return
        image = reader.read()
        if image.isNull():
            self.note.setText(self.tr("This file is not a picture Kontor can read."))
            return
        self.open_crop(image)

    def open_crop(self, image: QImage) -> None:
        dialog = PhotoCropDialog(image, self)
        dialog.accepted.connect(lambda: self.send(dialog.cropped_jpeg()))
        dialog.finished.connect(dialog.deleteLater)
        self.crop_dialog = dialog
        dialog.open()

    # -- sending ---------------------------------------------------------------------

    def send(self, jpeg: bytes | None) -> None:
        self.crop_dialog = None
        self.sending = True
        self.note.setText(self.tr("Sending…") if jpeg is not None
                          else self.tr("Removing…"))
        self.refresh()
        self.ctx.bridge.send_photo(jpeg)

    @Slot()
    def remove(self) -> None:
        self.send(None)

    @Slot(bool, str, str)
    def _sent(self, ok: bool, code: str, message: str) -> None:
        self.sending = False
        if ok:
            self.note.setText(self.tr("Your photo is saved; colleagues see it after "
                                      "their next sync."))
        elif code == "unreachable":
            self.note.setText(self.tr("The server cannot be reached; a photo needs it. "
                                      "Nothing was changed."))
        elif code == "photo_too_large":
            self.note.setText(self.tr("This picture is too large for the server."))
        elif code in ("not_an_image", "photo_too_many_pixels"):
            self.note.setText(self.tr("The server could not use this picture."))
        else:
            self.note.setText(self.tr("The photo was not saved: %1").replace("%1", message))
        self.refresh()
